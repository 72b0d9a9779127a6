using System.Text;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Sidecar.TrainingScenario;

namespace NeuronEngine.IntegrationTests.Publishing;

/// <summary>
/// Issue 20, "a published engine that runs anywhere": scripts/publish.sh makes one folder (engine, trainer sidecar with
/// its native libraries, CLI); the folder is moved, and the engine started from it in another directory, on a fresh
/// data directory, starts its sidecar from the folder and trains a run with TorchSharp.
/// </summary>
/// <remarks>
/// It builds and publishes under its own temporary artifacts path (<c>--artifacts-path</c>): nothing of the repository's
/// bin/ and obj/ is read or written, so the build of other test projects, which <c>dotnet test</c> may still be running
/// beside this one, never sees a half-written or publish-flavoured assembly.
/// </remarks>
[Collection(ProcessTests.Name)]
public sealed class PublishedEngineTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Publish_FolderMovedElsewhere_EngineStartsItsSidecarAndTrainsARun()
    {
        using var temp = new TempDirectory("published");
        var published = temp.Combine("publish");
        var publish = await ToolRun.RunAsync(
            "bash",
            [Path.Combine(RepositoryPaths.Root, "scripts", "publish.sh"), "--output", published, "--configuration", RepositoryPaths.Configuration, "--", "--artifacts-path", temp.Combine("build")],
            RepositoryPaths.Root,
            PublishTimeout,
            output);
        Assert.True(publish.ExitCode == 0, $"publish.sh exited {publish.ExitCode}:\n{publish.Output}");
        output.WriteLine(publish.Output.Trim());

        // Moved, under a path with a space: nothing may point back at where it was made.
        var home = temp.Combine("moved here", "neuron-engine");
        Directory.CreateDirectory(Path.GetDirectoryName(home)!);
        Directory.Move(published, home);
        Assert.False(Directory.Exists(Path.Combine(home, "data")), "the development data folder was published");
        Assert.DoesNotContain("NeuronTrainerAssembly", Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(home, "NeuronEngine.Engine.dll"))), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(home, "trainer", "libLibTorchSharp.so")), "the trainer's native libraries are missing");
        var elsewhere = temp.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);

        await using var engine = await EngineProcess.StartPublishedAsync(home, elsewhere, temp.Combine("data"), output, "--trainer", "sidecar");
        await WaitForTrainerAsync(engine);
        Assert.Contains(engine.Lines, l => l.Contains("Trainer sidecar started", StringComparison.Ordinal) && l.Contains("from the published layout", StringComparison.Ordinal));

        var health = await ToolRun.RunAsync("dotnet", [Path.Combine(home, "cli", "neuron.dll"), "health", "--endpoint", engine.Address], elsewhere, TimeSpan.FromMinutes(1), output);
        Assert.True(health.ExitCode == 0, $"neuron health exited {health.ExitCode}: {health.Output}");
        Assert.Contains("SERVING", health.Output, StringComparison.Ordinal);

        // pooled-history trains with TorchSharp: libtorch loads from the moved folder.
        using var c = new EngineClients(engine.Address, "shop");
        var template = await SeedAsync(c, users: 200, items: 80);
        var run = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = template.TemplateId, Recipe = "pooled-history", Epochs = 1, Seed = 1 }).Within();
        var updates = await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(3), IsTerminal);
        Assert.True(updates[^1].Status is RunStatus.Succeeded or RunStatus.EarlyStopped, $"run ended {updates[^1].Status}: {updates[^1].Error}");
        Assert.NotNull(updates[^1].Version);

        engine.Terminate();
        Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }
}
