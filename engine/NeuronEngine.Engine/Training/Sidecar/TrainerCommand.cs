using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuronEngine.Engine.Training.Sidecar;

/// <summary>How to start the trainer: the program and the arguments that come before the engine's own.</summary>
/// <param name="FileName">The program (this engine's <c>dotnet</c> for a .dll, otherwise the trainer itself).</param>
/// <param name="Prefix">Arguments before the engine's (the .dll's path for <c>dotnet exec</c>).</param>
/// <param name="Source">Where the trainer was found, for the log.</param>
internal sealed record TrainerCommand(string FileName, IReadOnlyList<string> Prefix, string Source)
{
    /// <summary>The published layout keeps the trainer in this folder next to the engine.</summary>
    public const string PublishedFolder = "trainer";

    private const string AssemblyFileName = "NeuronEngine.Trainer.dll";

    /// <summary>Finds the trainer: the configured path, the published layout, then the build output the engine was built with.</summary>
    /// <returns>Null, with the places looked at, when there is none.</returns>
    public static TrainerCommand? Locate(string configuredPath, out IReadOnlyList<string> lookedAt)
    {
        var candidates = new List<(string Path, string Source)>();
        if (configuredPath.Length > 0)
        {
            candidates.Add((System.IO.Path.GetFullPath(configuredPath), "Trainer:Path"));
        }
        else
        {
            candidates.Add((System.IO.Path.Combine(AppContext.BaseDirectory, PublishedFolder, AssemblyFileName), "the published layout"));
            if (BuildOutput() is { Length: > 0 } built)
            {
                candidates.Add((built, "the trainer build output"));
            }
        }

        lookedAt = [.. candidates.Select(c => c.Path)];
        foreach (var (path, source) in candidates)
        {
            if (File.Exists(path))
            {
                return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    ? new TrainerCommand(DotnetHost(), ["exec", path], source)
                    : new TrainerCommand(path, [], source);
            }
        }

        return null;
    }

    private static string? BuildOutput() =>
        typeof(TrainerCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NeuronTrainerAssembly")?.Value;

    // The dotnet that runs this engine runs the trainer too: <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet.
    private static string DotnetHost()
    {
        var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = System.IO.Path.Combine(root, name);
        return File.Exists(host) ? host : name;
    }
}
