using System.Reflection;

namespace NeuronEngine.Testing;

/// <summary>Finds the repository and the build outputs of other projects, for tests that start real processes.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding NeuronEngine.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests were built in, which the other projects share.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built entry assembly of a project under <paramref name="folder"/> (for example <c>engine/NeuronEngine.Server</c>).</summary>
    public static string ProjectAssembly(string folder)
    {
        var name = Path.GetFileName(folder);
        var path = Path.Combine(Root, folder, BuildFlavour.OutputFolder, Configuration, "net10.0", name + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is not built; build the solution first", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuronEngine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"NeuronEngine.sln not found above {AppContext.BaseDirectory}");
    }
}
