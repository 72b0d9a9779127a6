using System.Text.Json;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Sidecar.TrainingScenario;

namespace NeuronEngine.IntegrationTests.Sidecar;

/// <summary>The engine with its real trainer sidecar process: the whole path from tracked events to a served version.</summary>
[Collection(ProcessTests.Name)]
public sealed class TrainerSidecarTests(ITestOutputHelper output)
{
    private static readonly string[] AutoCandidates = ["item-knn", "ease", "pooled-history"];

    [Fact]
    public async Task Sidecar_TrackedEventsToServedVersion_TrainsBeatsPopularityAndServes()
    {
        using var data = new TempDirectory("sidecar-e2e");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar");
        using var c = new EngineClients(engine.Address, "shop");
        var template = await SeedAsync(c, users: 400, items: 160);

        var run = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = template.TemplateId, Epochs = 3, Seed = 42 }).Within();
        Assert.Equal(RunStatus.Queued, run.Status);
        var updates = await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(4), IsTerminal);
        var done = updates[^1];
        Assert.True(done.Status is RunStatus.Succeeded or RunStatus.EarlyStopped, $"run ended {done.Status}: {done.Error}");
        Assert.Contains(updates, u => u.Status == RunStatus.Running && u.Epochs.Count >= 1);
        Assert.NotEmpty(done.Epochs);
        Assert.NotNull(done.Version);

        // The trainer's own report: full-ranking NDCG@10 of the model against popularity on the same eval set.
        var ndcg = done.FinalMetrics["ndcg@10"];
        var popularity = done.FinalMetrics["popularity.ndcg@10"];
        output.WriteLine($"ndcg@10 {ndcg:F4}, popularity {popularity:F4}");
        Assert.True(ndcg >= 1.3 * popularity, $"the default's NDCG@10 {ndcg:F4} does not beat popularity {popularity:F4} by 30 %");

        var version = await c.Models.GetVersionAsync(new GetVersionRequest { Family = done.Version.Family, Version = done.Version.Version }).Within();
        Assert.Equal(VersionStatus.Pending, version.Status);
        Assert.Equal($"{template.Name}-{run.RunId}", version.Name);
        Assert.Equal(run.RunId, version.RunId);
        Assert.Equal(ndcg, version.Metrics["ndcg@10"], 6);
        using (var manifest = JsonDocument.Parse(version.Manifest))
        {
            // StartRun named no recipe: the default, auto, trained its candidates and shipped one of them.
            Assert.Equal("auto", manifest.RootElement.GetProperty("recipe").GetString());
            Assert.Contains(manifest.RootElement.GetProperty("selected_recipe").GetString(), AutoCandidates);
            Assert.True(manifest.RootElement.GetProperty("refit").GetProperty("refitted").GetBoolean());
        }

        var logs = await c.Training.GetRunLogsAsync(new GetRunLogsRequest { RunId = run.RunId }).Within();
        Assert.NotEmpty(logs.Lines);

        await c.Models.ApproveVersionAsync(new ApproveVersionRequest { Family = version.Family, Version = version.Version }).Within();
        await c.Models.PromoteAsync(new PromoteRequest { Family = version.Family, Version = version.Version }).Within();
        var user = PlantedEvents.UserId(3);
        var recommended = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = user, Count = 10 }).Within();
        Assert.Equal(version.Version, recommended.Model.Version);
        var inCluster = recommended.Items.Count(i => PlantedModels.ClusterOf(int.Parse(i.ItemId[5..], System.Globalization.CultureInfo.InvariantCulture), Clusters) == PlantedEvents.ClusterOfUser(3, Clusters));
        Assert.True(inCluster >= 7, $"only {inCluster} of 10 recommendations are in the user's cluster");
    }

    [Fact]
    public async Task Sidecar_StopRunWhileTraining_EndsStoppedWithoutVersion()
    {
        using var data = new TempDirectory("sidecar-stop");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar");
        using var c = new EngineClients(engine.Address, "shop");
        var template = await SeedAsync(c, users: 400, items: 160);
        var run = await c.Training.StartRunAsync(LongRun(template)).Within();
        await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(2), r => r.Status == RunStatus.Running && r.Progress?.Phase == "training");

        var stopped = await c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).Within();

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.Null(stopped.Version);
        var families = await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within();
        Assert.Empty(families.Families);
    }

    [Fact]
    public async Task Sidecar_TrainerKilledMidRun_RunFailsOnLeaseExpiryAndTrainerRestarts()
    {
        using var data = new TempDirectory("sidecar-kill");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar", "--Training:LeaseSeconds", "3");
        using var c = new EngineClients(engine.Address, "shop");
        var template = await SeedAsync(c, users: 400, items: 160);
        var first = await WaitForTrainerAsync(engine);
        var run = await c.Training.StartRunAsync(LongRun(template)).Within();
        await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(2), r => r.Status == RunStatus.Running);

        System.Diagnostics.Process.GetProcessById(first).Kill();
        var updates = await WatchAsync(c, run.RunId, TimeSpan.FromMinutes(1), IsTerminal);

        Assert.Equal(RunStatus.Failed, updates[^1].Status);
        Assert.Contains("lease", updates[^1].Error, StringComparison.OrdinalIgnoreCase);
        var second = await WaitForTrainerAsync(engine, count: 2);
        Assert.NotEqual(first, second);

        // The restarted trainer takes the next run.
        var next = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = template.TemplateId, Recipe = "popularity", Seed = 2 }).Within();
        var after = await WatchAsync(c, next.RunId, TimeSpan.FromMinutes(2), IsTerminal);
        Assert.Equal(RunStatus.Succeeded, after[^1].Status);
    }

    // Fifty epochs that never stop early: long enough to stop or kill in the middle.
    private static StartRunRequest LongRun(Template template) =>
        new() { TemplateId = template.TemplateId, Epochs = 50, Seed = 1, Rubric = new Rubric { PrimaryMetric = "ndcg@10", Patience = 50 } };

    /// <summary>
    /// Issue 20: <c>Trainer:Device=cuda</c> on a trainer built with the CPU libtorch package. The trainer says why and
    /// exits 2; the engine says so and does not restart it at the usual back-off (it tries again after
    /// Trainer:RefusedRetryDelay, 5 min), and keeps serving.
    /// </summary>
    [Fact]
    public async Task Sidecar_CudaDeviceWithTheCpuPackage_TrainerRefusesAndIsNotRestartedAtOnce()
    {
        using var data = new TempDirectory("sidecar-device");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar", "--Trainer:Device", "cuda", "--Trainer:RestartDelay", "00:00:00.2");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!engine.Lines.Any(l => l.Contains("refused its configuration", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // Long enough for several restarts at the 0.2 s delay, were there any.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(TrainerPids(engine));
        Assert.Contains(engine.Lines, l => l.Contains("Trainer:Device is cuda:0, but this trainer is built with the CPU libtorch package", StringComparison.Ordinal));
        Assert.Contains(engine.Lines, l => l.Contains("trying again in 5 min", StringComparison.Ordinal));
        using var c = new EngineClients(engine.Address, "shop");
        await Seed.EventTypesAsync(c);
    }

    /// <summary>After <c>Trainer:RefusedRetryDelay</c> a refusing trainer is started again, once per delay: the cause may have passed.</summary>
    [Fact]
    public async Task Sidecar_TrainerRefusedItsConfiguration_StartedAgainAfterRefusedRetryDelay()
    {
        using var data = new TempDirectory("sidecar-refused-retry");
        await using var engine = await EngineProcess.StartAsync(
            data.Path, output, "--trainer", "sidecar", "--Trainer:Device", "cuda", "--Trainer:RestartDelay", "00:00:00.2", "--Trainer:RefusedRetryDelay", "00:00:01");

        var second = await WaitForTrainerAsync(engine, count: 2);

        Assert.NotEqual(TrainerPids(engine)[0], second);
        Assert.Contains(engine.Lines, l => l.Contains("refused its configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sidecar_EngineKilled_TrainerExitsWithIt()
    {
        using var data = new TempDirectory("sidecar-orphan");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--trainer", "sidecar");
        var trainer = await WaitForTrainerAsync(engine);
        Assert.True(IsRunning(trainer));

        engine.Kill(entireProcessTree: false);
        await engine.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (IsRunning(trainer) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(IsRunning(trainer), "the trainer outlived its engine");
    }
}
