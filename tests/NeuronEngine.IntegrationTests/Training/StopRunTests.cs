using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

[Collection(TrainingCollection.Name)]
public sealed class StopRunTests(TrainingFixture engine)
{
    [Fact]
    public async Task StopRun_Queued_StoppedAtOnceAndNeverLeased()
    {
        using var c = await TenantAsync(engine);
        var run = await StartAsync(c);

        var stopped = await c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).Within();

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.NotNull(stopped.Finished);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).ResponseAsync, "STOPPED");
    }

    [Fact]
    public async Task StopRun_RunningTrainerCooperates_TrainerEndsItStopped()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var run = await StartAsync(c);
        var lease = await trainer.LeaseAsync(run.RunId);

        var stopping = c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).ResponseAsync;
        Assert.True(await trainer.HearStopAsync(lease), "the trainer never heard stop_requested");
        await trainer.CompleteAsync(lease, RunStatus.Stopped);
        var stopped = await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.Equal("", stopped.Error);
    }

    [Fact]
    public async Task StopRun_TrainerFinishesSucceededAfterStopAsked_StoppedAndNoVersion()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var run = await StartAsync(c);
        var lease = await trainer.LeaseAsync(run.RunId);
        var stopping = c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).ResponseAsync;
        Assert.True(await trainer.HearStopAsync(lease), "the trainer never heard stop_requested");
        var artifact = PlantedModels.Write(Path.Combine(lease.WorkDirectory, "artifact"), items: 40, clusters: 4);
        var done = await trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, new() { ["ndcg@10"] = 0.3 });
        var stopped = await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((RunStatus.Stopped, RunStatus.Stopped), (done.Status, stopped.Status));
        Assert.Null(stopped.Version);
        Assert.Contains("not registered", stopped.Error, StringComparison.Ordinal);
        Assert.Empty((await c.Models.ListFamiliesAsync(new ListFamiliesRequest()).Within()).Families);
    }

    [Fact]
    public async Task StopRun_RunningTrainerSilent_ForcedStoppedAndLateCompletionRefused()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var run = await StartAsync(c);
        var lease = await trainer.LeaseAsync(run.RunId);

        var stopped = await c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).Within();

        Assert.Equal(RunStatus.Stopped, stopped.Status);
        Assert.Contains("stopped without the trainer", stopped.Error, StringComparison.Ordinal);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => trainer.CompleteAsync(lease, RunStatus.Failed, error: "late"), "is no longer held");
        Assert.Equal(RunStatus.Stopped, (await c.Training.GetRunAsync(new GetRunRequest { RunId = run.RunId }).Within()).Status);
    }

    [Fact]
    public async Task StopRun_UnknownRun_NotFound()
    {
        using var c = await TenantAsync(engine, clicks: 0);

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Training.StopRunAsync(new StopRunRequest { RunId = "0123456789abcdef" }).ResponseAsync);
    }
}
