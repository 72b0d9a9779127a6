using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;
using static NeuronEngine.Testing.PlantedModels;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>The lease protocol with the test as the trainer, through to serving the version the run registered.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RunLeaseTests(TrainingFixture engine)
{
    [Fact]
    public async Task CompleteRun_SucceededWithArtifact_VersionPendingThenServes()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer("host-1:42");
        var run = await StartAsync(c, r => r.Epochs = 2);

        var lease = await trainer.LeaseAsync(run.RunId);
        Assert.Equal((c.Tenant, 15, RunStatus.Running, "host-1:42"), (lease.Tenant, lease.LeaseSeconds, lease.Run.Status, trainer.Id));
        Assert.Equal($"{TemplateName}-{run.RunId}", lease.VersionName);
        Assert.False(await trainer.RenewAsync(lease, "training", epoch: 1, step: 5, steps: 20));
        var running = await c.Training.GetRunAsync(new GetRunRequest { RunId = run.RunId }).Within();
        Assert.Equal(("training", 1, 5L, 20L), (running.Progress.Phase, running.Progress.Epoch, running.Progress.Step, running.Progress.StepsPerEpoch));
        await trainer.ReportEpochAsync(lease, 1, 0.9, 0.2);
        await trainer.ReportEpochAsync(lease, 2, 0.7, 0.3);
        await trainer.Leases.AppendRunLogsAsync(new AppendRunLogsRequest { RunId = run.RunId, LeaseId = lease.LeaseId, Lines = { "reading events", "epoch 1 done" } }).Within();
        var artifact = Write(Path.Combine(lease.WorkDirectory, "artifact"), items: 40, clusters: 4);

        var done = await trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, new() { ["ndcg@10"] = 0.3, ["recall@20"] = 0.4 }, """{"seed":7}""");

        Assert.Equal(RunStatus.Succeeded, done.Status);
        Assert.Equal((DefaultFamily, 1), (done.Version.Family, done.Version.Version));
        Assert.Equal([1, 2], done.Epochs.Select(e => e.Epoch));
        Assert.Equal(0.3, done.Epochs[1].Metrics["ndcg@10"]);
        Assert.NotNull(done.Duration);
        Assert.False(Directory.Exists(artifact), "the engine moves the artifact into its model store");
        Assert.False(Directory.Exists(lease.WorkDirectory), "the engine deletes a finished run's work folder");
        Assert.Equal(["reading events", "epoch 1 done"], (await c.Training.GetRunLogsAsync(new GetRunLogsRequest { RunId = run.RunId }).Within()).Lines);
        var version = await c.Models.GetVersionAsync(new GetVersionRequest { Family = DefaultFamily, Version = 1 }).Within();
        Assert.Equal((VersionStatus.Pending, lease.VersionName, run.RunId), (version.Status, version.Name, version.RunId));
        Assert.Equal(0.3, version.Metrics["ndcg@10"]);
        Assert.Equal("""{"seed":7}""", version.Manifest);

        await c.Models.ApproveVersionAsync(new ApproveVersionRequest { Family = DefaultFamily, Version = 1 }).Within();
        await c.Models.PromoteAsync(new PromoteRequest { Family = DefaultFamily, Version = 1 }).Within();
        await c.Events.TrackAsync(Seed.Batch(Seed.Event("fan", ItemId(6)))).Within();
        var recommended = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "fan", Count = 3 }).Within();
        Assert.Equal(Expected(40, 4, cluster: 2, count: 3, exclude: [ItemId(6)]), recommended.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task CompleteRun_BrokenArtifact_RunFailsWithTheLoadersMessage()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var run = await StartAsync(c);
        var lease = await trainer.LeaseAsync(run.RunId);
        var artifact = Directory.CreateDirectory(Path.Combine(lease.WorkDirectory, "broken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(artifact, "manifest.json"), "{ not json");

        var done = await trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, new() { ["ndcg@10"] = 0.3 });

        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Contains("model contract", done.Error, StringComparison.Ordinal);
        Assert.Contains("model.onnx", done.Error, StringComparison.Ordinal);
        Assert.Null(done.Version);
        Assert.DoesNotContain((await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families, f => f.Tenant == c.Tenant);
    }

    [Fact]
    public async Task LeaseRun_WithoutOrWithWrongToken_PermissionDenied()
    {
        using var wrong = new TestTrainer(engine.Address, null, "anonymous");
        using var forged = new TestTrainer(engine.Address, new string('0', 64), "forged");

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => wrong.Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = "x" }).ResponseAsync, "x-trainer-token");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => forged.Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = "x" }).ResponseAsync, "does not match");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => forged.Leases.RenewLeaseAsync(new RenewLeaseRequest { RunId = "r", LeaseId = "l" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => forged.Leases.CompleteRunAsync(new CompleteRunRequest { RunId = "r", LeaseId = "l" }).ResponseAsync);
    }

    [Fact]
    public void TrainerToken_AtStart_RandomHexReadableByTheEngineUserOnly()
    {
        var path = Path.Combine(engine.DataDir, "trainer.token");

        Assert.Matches("^[0-9a-f]{64}$", engine.Token);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task LeaseRun_WaitAboveLimit_InvalidArgument()
    {
        using var trainer = engine.Trainer();

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = "t", WaitMs = 30_001 }).ResponseAsync, "wait_ms");
    }

    [Fact]
    public async Task LeaseRun_Waiting_WokenByTheNextQueuedRun()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        await trainer.DrainAsync();

        var waiting = trainer.Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = "waiter", WaitMs = 30_000 }).ResponseAsync;
        var run = await StartAsync(c);
        var response = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(run.RunId, response.Lease.Run.RunId);
        await trainer.CompleteAsync(response.Lease, RunStatus.Failed, error: "test over");
    }

    [Fact]
    public async Task LeaseRun_NothingQueued_AnswersWithoutLease()
    {
        using var trainer = engine.Trainer();
        await trainer.DrainAsync();

        var response = await trainer.Leases.LeaseRunAsync(new LeaseRunRequest { TrainerId = "t", WaitMs = 100 }).Within();

        Assert.Null(response.Lease);
    }

    [Fact]
    public async Task RenewLease_AfterCompletion_FailedPrecondition()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);
        var failed = await trainer.CompleteAsync(lease, RunStatus.Failed, error: "diverged");
        Assert.Equal((RunStatus.Failed, "diverged"), (failed.Status, failed.Error));

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => trainer.RenewAsync(lease), "is no longer held", "FAILED");
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => trainer.ReportEpochAsync(lease, 1, 0.5, 0.1), "is no longer held");
    }

    [Fact]
    public async Task CompleteRun_RunningOrRelativeArtifact_InvalidArgument()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Running), "status: ");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Succeeded, "relative/dir"), "artifact_directory: ");
        Assert.Equal(RunStatus.Stopped, (await trainer.CompleteAsync(lease, RunStatus.Stopped)).Status);
    }
}
