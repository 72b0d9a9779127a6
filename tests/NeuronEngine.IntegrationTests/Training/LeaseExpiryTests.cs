using NeuronEngine.Contracts.V1;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>Runs whose trainer goes silent, on an engine with one-second leases.</summary>
public sealed class LeaseExpiryTests(ShortLeaseFixture engine) : IClassFixture<ShortLeaseFixture>
{
    [Fact]
    public async Task Lease_TrainerStopsRenewing_RunFailsNamingTheTrainer()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer("host-9:99");
        var run = await StartAsync(c);
        var lease = await trainer.LeaseAsync(run.RunId);
        Assert.Equal(1, lease.LeaseSeconds);

        using var watch = c.Training.WatchRun(new WatchRunRequest { RunId = run.RunId });
        Run last = null!;
        while (await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            last = watch.ResponseStream.Current;
        }

        Assert.Equal(RunStatus.Failed, last.Status);
        Assert.StartsWith("the trainer holding the run (host-9:99) stopped reporting; its lease expired at ", last.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => trainer.RenewAsync(lease));
    }
}
