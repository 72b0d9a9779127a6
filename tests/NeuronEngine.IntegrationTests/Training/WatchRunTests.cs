using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

[Collection(TrainingCollection.Name)]
public sealed class WatchRunTests(TrainingFixture engine)
{
    [Fact]
    public async Task WatchRun_ThroughALease_StreamsEachChangeAndEndsAtTheFinalStatus()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var run = await StartAsync(c);
        using var watch = c.Training.WatchRun(new WatchRunRequest { RunId = run.RunId });
        var stream = watch.ResponseStream;
        async Task<Run> NextAsync()
        {
            Assert.True(await stream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)), "the stream ended early");
            return stream.Current;
        }

        Assert.Equal(RunStatus.Queued, (await NextAsync()).Status);
        var lease = await trainer.LeaseAsync(run.RunId);
        Assert.Equal(RunStatus.Running, (await NextAsync()).Status);
        await trainer.RenewAsync(lease, "training", epoch: 1, step: 3, steps: 10);
        Assert.Equal(("training", 3L), ((await NextAsync()).Progress.Phase, stream.Current.Progress.Step));
        await trainer.ReportEpochAsync(lease, 1, 0.8, 0.25);
        Assert.Equal(0.25, (await NextAsync()).Epochs.Single().Metrics["ndcg@10"]);
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "out of memory");
        var last = await NextAsync();

        Assert.Equal((RunStatus.Failed, "out of memory"), (last.Status, last.Error));
        Assert.False(await stream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)), "the stream must end at the final status");
    }

    [Fact]
    public async Task WatchRun_FinishedRun_OneMessageThenEnds()
    {
        using var c = await TenantAsync(engine);
        var run = await StartAsync(c);
        await c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).Within();

        using var watch = c.Training.WatchRun(new WatchRunRequest { RunId = run.RunId });

        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(RunStatus.Stopped, watch.ResponseStream.Current.Status);
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WatchRun_UnknownRun_NotFound()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        using var watch = c.Training.WatchRun(new WatchRunRequest { RunId = "0123456789abcdef" });

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => watch.ResponseStream.MoveNext(CancellationToken.None), "not found");
    }
}
