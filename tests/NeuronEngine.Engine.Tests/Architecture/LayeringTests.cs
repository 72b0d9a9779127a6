using System.Reflection;
using System.Xml.Linq;
using NeuronEngine.Engine;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Architecture;

/// <summary>
/// The seam the host sits on: nothing below <c>NeuronEngine.Server</c> knows gRPC, ASP.NET Core or Kestrel. Checked
/// twice, in the project files (what a project may use) and in the built assemblies (what the code does use).
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The projects of engine/ that may speak gRPC: the host and the service stubs it (and the client) compile against.</summary>
    private static readonly HashSet<string> TransportProjects = new(StringComparer.Ordinal) { "NeuronEngine.Server", "NeuronEngine.Contracts.Grpc" };

    private static readonly string[] ForbiddenPrefixes = ["Grpc.", "Microsoft.AspNetCore"];

    public static TheoryData<string> LibraryProjects() => new(LibraryProjectNames());

    private static IEnumerable<string> LibraryProjectNames() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "engine"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => !TransportProjects.Contains(name))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void LibraryProjects_IncludeEveryLibraryBelowTheHost()
    {
        var names = LibraryProjectNames().ToList();

        Assert.Contains("NeuronEngine.Engine", names);
        Assert.Contains("NeuronEngine.Contracts", names);
        Assert.Contains("NeuronEngine.Models", names);
        Assert.DoesNotContain("NeuronEngine.Server", names);
    }

    [Theory]
    [MemberData(nameof(LibraryProjects))]
    public void ProjectFile_ReferencesNoTransport(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "engine", name, name + ".csproj");
        var project = XDocument.Load(path);
        var problems = new List<string>();

        var sdk = project.Root!.Attribute("Sdk")?.Value;
        if (sdk != "Microsoft.NET.Sdk")
        {
            problems.Add($"Sdk=\"{sdk}\" (a library below the host uses Microsoft.NET.Sdk)");
        }

        foreach (var package in project.Descendants("PackageReference"))
        {
            var id = package.Attribute("Include")?.Value ?? "";

            // Grpc.Tools only runs protoc at build time (PrivateAssets=All): nothing of it reaches the assembly.
            var buildOnly = id == "Grpc.Tools" && package.Attribute("PrivateAssets")?.Value == "All";
            if (!buildOnly && ForbiddenPrefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal)))
            {
                problems.Add($"PackageReference {id}");
            }
        }

        foreach (var framework in project.Descendants("FrameworkReference"))
        {
            problems.Add($"FrameworkReference {framework.Attribute("Include")?.Value}");
        }

        foreach (var reference in project.Descendants("ProjectReference"))
        {
            var referenced = Path.GetFileNameWithoutExtension(reference.Attribute("Include")?.Value ?? "");
            if (TransportProjects.Contains(referenced))
            {
                problems.Add($"ProjectReference {referenced}");
            }
        }

        foreach (var protobuf in project.Descendants("Protobuf"))
        {
            var services = protobuf.Attribute("GrpcServices")?.Value;
            if (services != "None")
            {
                problems.Add($"Protobuf GrpcServices=\"{services}\" (service stubs belong in NeuronEngine.Contracts.Grpc)");
            }
        }

        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void BuiltAssemblies_BelowTheHost_ReferenceNoTransport()
    {
        // The engine library and everything of ours it loads, transitively.
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(NeuronEngineServiceCollectionExtensions).Assembly]);
        var problems = new List<string>();
        while (pending.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name!;
            if (!seen.TryAdd(name, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var referenced = reference.Name ?? "";
                if (ForbiddenPrefixes.Any(p => referenced.StartsWith(p, StringComparison.Ordinal)) || TransportProjects.Contains(referenced))
                {
                    problems.Add($"{name} → {referenced}");
                }
                else if (referenced.StartsWith("NeuronEngine.", StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }

        Assert.Contains("NeuronEngine.Contracts", seen.Keys);
        Assert.Contains("NeuronEngine.Counters", seen.Keys);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }
}
