using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Client.Tests.Packaging;

/// <summary>
/// The client as an application gets it: packed with the two contract packages it depends on, installed from that folder
/// into a new console project, built and run.
/// </summary>
/// <remarks>
/// Pins the newcomer's <c>NU1101</c> of issue 20: the Client package depended on a Contracts package that nothing packed.
/// It packs the build the tests already have (no Release build: scripts/pack.sh --check does that, tool included) under a
/// version of its own, and restores offline: the feed is the packed folder and the machine's package cache, into a
/// package folder of its own, so nothing it packs lingers in the machine's cache.
/// </remarks>
public sealed class ClientPackageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] Packed = ["engine/NeuronEngine.Contracts", "engine/NeuronEngine.Contracts.Grpc", "client/NeuronEngine.Client"];

    [Fact]
    public async Task ClientPackage_InstalledFromThePackedFolderIntoANewConsoleApp_RestoresBuildsAndRuns()
    {
        using var temp = new TempDirectory("client-package");
        var feed = temp.Combine("feed");
        var app = temp.Combine("app");
        var version = $"0.0.0-check{Guid.NewGuid():N}";
        foreach (var project in Packed)
        {
            await RunAsync(RepositoryPaths.Root, temp, "pack", project, "--no-build", "-c", RepositoryPaths.Configuration, "-o", feed, $"-p:Version={version}");
        }

        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="machine-cache" value="{MachinePackageCache()}" />
              </packageSources>
            </configuration>
            """);
        await RunAsync(app, temp, "new", "console", "--framework", "net10.0", "-o", ".");
        await RunAsync(app, temp, "add", "package", "NeuronEngine.Client", "--version", version);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using NeuronEngine.Client;
            using NeuronEngine.Contracts.V1;

            var options = new NeuronClientOptions { Endpoint = "http://localhost:7070", Tenant = "shop" };
            var request = new RecommendRequest { UserId = "u1", Count = 10 };
            Console.WriteLine($"{options.Validate().Count} {request.Count} {typeof(RecommendationService.RecommendationServiceClient).Name}");
            """);
        await RunAsync(app, temp, "build", "-nologo");
        var run = await RunAsync(app, temp, "run", "--no-build");

        Assert.Contains("0 10 RecommendationServiceClient", run, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(feed, $"NeuronEngine.Contracts.{version}.nupkg")));
    }

    private static string MachinePackageCache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/>; fails the test with its output unless it exits 0.</summary>
    private async Task<string> RunAsync(string directory, TempDirectory temp, params string[] args)
    {
        var run = await ToolRun.RunAsync("dotnet", args, directory, StepTimeout, output, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = temp.Combine("packages") });
        Assert.True(run.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {run.ExitCode}:\n{run.Output}");
        return run.Output;
    }
}
