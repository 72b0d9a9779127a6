using NeuronEngine.Core;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract partial class RunStoreTests
{
    [Fact]
    public void LeaseNext_NothingQueued_ReturnsNull()
    {
        Assert.Null(Store.LeaseNext("trainer-1", Lease));
    }

    [Fact]
    public void LeaseNext_OldestQueuedOfAnyTenant_BecomesRunning()
    {
        var first = Queue(tenant: Other);
        var second = Queue();

        var lease = Store.LeaseNext("trainer-1", Lease)!;

        Assert.Equal(first.RunId, lease.Run.RunId);
        Assert.Equal(Other, lease.Run.Tenant);
        Assert.Equal(RunStatus.Running, lease.Run.Status);
        Assert.Equal("trainer-1", lease.Run.LeaseHolder);
        Assert.Equal(registry.Clock.GetUtcNow(), lease.Run.Started);
        Assert.Equal(registry.Clock.GetUtcNow() + Lease, lease.Expires);
        Assert.Equal(second.RunId, Store.LeaseNext("trainer-2", Lease)!.Run.RunId);
        Assert.Null(Store.LeaseNext("trainer-3", Lease));
    }

    [Fact]
    public async Task LeaseNext_ManyTrainersAtOnce_NeverShareARun()
    {
        for (var i = 0; i < 20; i++)
        {
            Queue();
        }

        var leases = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var mine = new List<string>();
            while (Store.LeaseNext($"trainer-{t}", Lease) is { } lease)
            {
                mine.Add(lease.Run.RunId);
            }

            return mine;
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
    }

    [Fact]
    public void Renew_CurrentLease_ExtendsAndStoresProgress()
    {
        var run = Queue();
        var lease = Store.LeaseNext("trainer-1", Lease)!;
        registry.Clock.Advance(TimeSpan.FromSeconds(10));

        var stop = Store.Renew(run.RunId, lease.LeaseId, new RunProgress("training", 2, 30, 100), Lease);

        Assert.False(stop);
        var renewed = Store.Get(Tenant, run.RunId);
        Assert.Equal(new RunProgress("training", 2, 30, 100), renewed.Progress);
        Assert.Equal(registry.Clock.GetUtcNow() + Lease, renewed.LeaseExpires);
    }

    [Fact]
    public void Renew_StaleLease_FailedPrecondition()
    {
        var run = Queue();
        var lease = Store.LeaseNext("trainer-1", Lease)!;

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Renew(run.RunId, "0123456789abcdef", null, Lease));
        Assert.Contains("is no longer held", ex.Message, StringComparison.Ordinal);

        registry.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Renew(run.RunId, lease.LeaseId, null, Lease));
        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renew_UnknownRun_NotFound()
    {
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.Renew("nope", "lease", null, Lease));
    }

    [Fact]
    public void ExpireLeases_PastExpiry_FailsTheRunNamingTheTrainer()
    {
        var run = Queue();
        Store.LeaseNext("host-a:123", Lease);
        registry.Clock.Advance(Lease);
        Assert.Empty(Store.ExpireLeases());

        registry.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var expired = Assert.Single(Store.ExpireLeases());

        Assert.Equal(run.RunId, expired.RunId);
        Assert.Equal(RunStatus.Failed, expired.Status);
        Assert.Equal(registry.Clock.GetUtcNow(), expired.Finished);
        Assert.Equal("the trainer holding the run (host-a:123) stopped reporting; its lease expired at 2026-11-01T12:00:15.001Z", expired.Error);
        Assert.Empty(Store.ExpireLeases());
        Assert.Null(Store.LeaseNext("host-b:1", Lease));
    }

    [Fact]
    public void AppendEpoch_SameEpochTwice_Replaced()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(1, 0.9, new Dictionary<string, double> { ["ndcg@10"] = 0.1 }));
        Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(2, 0.7, new Dictionary<string, double> { ["ndcg@10"] = 0.2 }));
        Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(2, 0.6, new Dictionary<string, double> { ["ndcg@10"] = 0.3 }));

        var epochs = Store.Get(Tenant, run.RunId).EpochResults;
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Equal(0.6, epochs[1].Loss);
        Assert.Equal(0.3, epochs[1].Metrics["ndcg@10"]);
        NeuronAssert.InvalidArgument("epoch.loss", () => Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(3, double.NaN, new Dictionary<string, double>())));
    }

    /// <summary>Pins a bug: any epoch number was stored, so a trainer gone wrong could grow a run without end.</summary>
    [Fact]
    public void AppendEpoch_BeyondThePlannedEpochs_InvalidArgument()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(5, 0.5, new Dictionary<string, double>()));
        NeuronAssert.InvalidArgument("epoch.epoch", () => Store.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(6, 0.5, new Dictionary<string, double>())));

        Assert.Equal([5], Store.Get(Tenant, run.RunId).EpochResults.Select(e => e.Epoch));
    }

    /// <summary>Pins a bug: the full cap of lines at full length (about 10 MB) exceeded what gRPC clients accept by default.</summary>
    [Fact]
    public void GetLogs_LongLines_NewestThatFitTheResponseCap()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;
        var lines = Enumerable.Range(0, 2000).Select(i => $"{i:D5}" + new string('x', RunStore.MaxLogLineLength - 5)).ToList();
        Store.AppendLogs(run.RunId, lease.LeaseId, lines);

        var returned = Store.GetLogs(Tenant, run.RunId);

        Assert.InRange(returned.Sum(l => l.Length + 4), RunStore.MaxLogResponseBytes - RunStore.MaxLogLineLength - 4, RunStore.MaxLogResponseBytes);
        Assert.Equal(lines[^returned.Count..], returned);
    }

    [Fact]
    public void AppendLogs_PastTheCap_KeepsTheNewestLinesCut()
    {
        var run = Queue();
        var lease = Store.LeaseNext("t", Lease)!;

        Store.AppendLogs(run.RunId, lease.LeaseId, [.. Enumerable.Range(0, 3000).Select(i => $"line {i}")]);
        Store.AppendLogs(run.RunId, lease.LeaseId, [.. Enumerable.Range(3000, 3000).Select(i => $"line {i}"), new string('x', 5000)]);

        var lines = Store.GetLogs(Tenant, run.RunId);
        Assert.Equal(RunStore.MaxLogLines, lines.Count);
        Assert.Equal("line 1001", lines[0]);
        Assert.Equal("line 5999", lines[^2]);
        Assert.Equal(RunStore.MaxLogLineLength, lines[^1].Length);
    }
}
