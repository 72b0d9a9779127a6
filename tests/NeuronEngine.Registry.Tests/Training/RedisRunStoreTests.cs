using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Training;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Training;

/// <summary>
/// The run and dataset stores as two replicas see them: two engines, each with its own connection and stores, over the
/// same key prefix, writing at once. The outcome must be what one node would give.
/// </summary>
public sealed class RedisRunStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TestRegistry registry = new(RegistryBackend.Redis);
    private readonly ConnectionMultiplexer otherConnection = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);

    public RedisRunStoreTests()
    {
        A = Replica(registry.Redis!);
        B = Replica(new RedisControlPlane(otherConnection, registry.Redis!.Prefix));
    }

    private (IRunStore Runs, IDatasetStore Datasets) A { get; }

    private (IRunStore Runs, IDatasetStore Datasets) B { get; }

    public void Dispose()
    {
        otherConnection.Dispose();
        registry.Dispose();
    }

    [Fact]
    public async Task LeaseNext_TwoReplicasLeasingManyRuns_EachRunLeasedExactlyOnce()
    {
        var queued = Enumerable.Range(0, 100).Select(_ => A.Runs.Create(Tenant, RunStoreTests.NewRun()).RunId).ToHashSet();

        // Two trainers per replica, each leasing until the queue is empty.
        var leases = await Task.WhenAll(new[] { A.Runs, A.Runs, B.Runs, B.Runs }.Select((store, t) => Task.Run(() =>
        {
            var mine = new List<string>();
            while (store.LeaseNext($"trainer-{t}", Lease) is { } lease)
            {
                mine.Add(lease.Run.RunId);
            }

            return mine;
        }))).WaitAsync(Timeout);

        var all = leases.SelectMany(l => l).ToList();
        Assert.Equal(queued.Count, all.Count);
        Assert.Equal(queued, all.ToHashSet());
        Assert.Equal(queued, B.Runs.RunningIds());
    }

    [Fact]
    public async Task Create_TwoReplicasAgainstTheVersionLimit_OnlyTheLimitIsQueued()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 7);

        // Two callers per replica, five creates each.
        var outcomes = await Task.WhenAll(new[] { A.Runs, A.Runs, B.Runs, B.Runs }.Select(store => Task.Run(() =>
            Enumerable.Range(0, 5).Select(_ => Outcome(() => store.Create(Tenant, RunStoreTests.NewRun()))).ToList()))).WaitAsync(Timeout);

        var all = outcomes.SelectMany(o => o).ToList();
        Assert.Equal(7, all.Count(o => o is null));
        Assert.Equal(13, all.Count(o => o == ErrorKind.ResourceExhausted));
        Assert.Equal(7, A.Runs.List(Tenant).Items.Count);
    }

    [Fact]
    public async Task DeleteDataset_RacingACreateThatUsesIt_NeverBothSucceed()
    {
        for (var i = 0; i < 20; i++)
        {
            var id = $"train-{i}";
            A.Datasets.Add(Tenant, id, null, $"{Tenant}/{id}.jsonl", 1, 1, 1, 1, "ab");
            A.Datasets.Add(Tenant, $"eval-{i}", null, $"{Tenant}/eval-{i}.jsonl", 1, 1, 1, 1, "ab");
            var create = Task.Run(() => Outcome(() => A.Runs.Create(Tenant, RunStoreTests.NewRun(train: id, eval: $"eval-{i}"))));
            var delete = Task.Run(() => Outcome(() => B.Datasets.Delete(Tenant, id)));

            var (created, deleted) = (await create.WaitAsync(Timeout), await delete.WaitAsync(Timeout));

            // One node would run them one after the other: the run first (the delete then refused), or the delete first
            // (the run then refused).
            if (created is null)
            {
                Assert.Equal(ErrorKind.FailedPrecondition, deleted);
            }
            else
            {
                Assert.Equal(ErrorKind.NotFound, created);
                Assert.Null(deleted);
            }
        }
    }

    [Fact]
    public async Task Complete_SameLeaseFromTwoReplicas_OneFinishesAndOneVersionIsRegistered()
    {
        var run = A.Runs.Create(Tenant, RunStoreTests.NewRun());
        var lease = A.Runs.LeaseNext("t", Lease)!;
        var placed = new List<int>();
        var completion = new RunCompletion(RunStatus.Succeeded, null, new Dictionary<string, double> { ["ndcg@10"] = 0.3 });

        var outcomes = await Task.WhenAll(new[] { A.Runs, B.Runs }.Select(store => Task.Run(() => Outcome(() => store.Complete(run.RunId, lease.LeaseId, completion, n =>
        {
            lock (placed)
            {
                placed.Add(n);
            }
        }))))).WaitAsync(Timeout);

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o == ErrorKind.FailedPrecondition);
        Assert.Equal([1], placed);
        Assert.Equal(1, Assert.Single(ModelStore.ListFamilies(Tenant)).LatestVersion);
    }

    [Fact]
    public async Task RequestStop_RacingALeaseOnTheOtherReplica_LeasedAndMarkedOrStoppedAndNotLeased()
    {
        for (var i = 0; i < 20; i++)
        {
            var run = A.Runs.Create(Tenant, RunStoreTests.NewRun());
            var lease = Task.Run(() => A.Runs.LeaseNext("t", Lease));
            var stop = Task.Run(() => B.Runs.RequestStop(Tenant, run.RunId));

            var (leased, stopped) = (await lease.WaitAsync(Timeout), await stop.WaitAsync(Timeout));

            var final = A.Runs.Get(Tenant, run.RunId);
            if (leased is null)
            {
                Assert.Equal(RunStatus.Stopped, stopped.Status);
                Assert.Equal(RunStatus.Stopped, final.Status);
            }
            else
            {
                Assert.Equal(run.RunId, leased.Run.RunId);
                Assert.Equal(RunStatus.Running, final.Status);
                Assert.True(final.StopRequested);
                Assert.True(A.Runs.Renew(run.RunId, leased.LeaseId, null, Lease));
                A.Runs.Complete(run.RunId, leased.LeaseId, new RunCompletion(RunStatus.Stopped));
            }
        }

        Assert.Empty(A.Runs.RunningIds());
        Assert.Null(B.Runs.LeaseNext("t", Lease));
    }

    [Fact]
    public async Task ExpireLeases_TwoReplicasAtOnce_EachRunFailedOnce()
    {
        for (var i = 0; i < 10; i++)
        {
            A.Runs.Create(Tenant, RunStoreTests.NewRun());
            A.Runs.LeaseNext("t", Lease);
        }

        registry.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var expired = await Task.WhenAll(new[] { A.Runs, B.Runs }.Select(store => Task.Run(store.ExpireLeases))).WaitAsync(Timeout);

        Assert.Equal(10, expired.Sum(e => e.Count));
        Assert.Equal(10, expired.SelectMany(e => e).Select(r => r.RunId).Distinct().Count());
        Assert.Empty(A.Runs.RunningIds());
    }

    [Fact]
    public async Task AppendLogs_TwoReplicasAtOnce_NoLineLost()
    {
        var run = A.Runs.Create(Tenant, RunStoreTests.NewRun());
        var lease = A.Runs.LeaseNext("t", Lease)!;

        await Task.WhenAll(new[] { A.Runs, B.Runs }.Select((store, r) => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                store.AppendLogs(run.RunId, lease.LeaseId, [$"{r}:{i}a", $"{r}:{i}b"]);
            }
        }))).WaitAsync(Timeout);

        var lines = B.Runs.GetLogs(Tenant, run.RunId);
        Assert.Equal(200, lines.Count);

        // Each append's lines stay together and in order.
        for (var i = 0; i < lines.Count; i += 2)
        {
            Assert.Equal(lines[i][..^1] + "b", lines[i + 1]);
        }
    }

    [Fact]
    public void Create_StreamPosition_KeptWithTheRun()
    {
        var run = A.Runs.Create(Tenant, RunStoreTests.NewRun() with { StreamPosition = "1733440000000-5" });

        Assert.Equal("1733440000000-5", B.Runs.Get(Tenant, run.RunId).Spec.StreamPosition);
        Assert.Equal("1733440000000-5", B.Runs.LeaseNext("t", Lease)!.Run.Spec.StreamPosition);
    }

    [Fact]
    public void Keys_AllCarryThePrefixHashTag()
    {
        A.Datasets.Add(Tenant, "train", null, "acme/train.jsonl", 1, 1, 1, 1, "ab");
        A.Datasets.Add(Tenant, "eval", null, "acme/eval.jsonl", 1, 1, 1, 1, "ab");
        var run = A.Runs.Create(Tenant, RunStoreTests.NewRun(train: "train", eval: "eval"));
        var lease = A.Runs.LeaseNext("t", Lease)!;
        A.Runs.AppendEpoch(run.RunId, lease.LeaseId, new RunEpoch(1, 0.5, new Dictionary<string, double>()));
        A.Runs.AppendLogs(run.RunId, lease.LeaseId, ["hello"]);
        A.Runs.Complete(run.RunId, lease.LeaseId, new RunCompletion(RunStatus.Failed, "x", null, "{}"));

        var server = registry.Redis!.Connection.GetServers()[0];
        var keys = server.Keys(pattern: $"*{registry.Redis.Prefix}*").Select(k => (string)k!).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith($"{{{registry.Redis.Prefix}}}:", k, StringComparison.Ordinal));
    }

    private RedisModelStore ModelStore => new(registry.Redis!, registry.Clock, Options.Create(registry.Limits));

    private (IRunStore Runs, IDatasetStore Datasets) Replica(RedisControlPlane plane) =>
        (new RedisRunStore(plane, new RedisModelStore(plane, registry.Clock, Options.Create(registry.Limits)), registry.Clock), new RedisDatasetStore(plane, registry.Clock));

    /// <summary>Null when <paramref name="action"/> succeeds, else the kind of its error.</summary>
    private static ErrorKind? Outcome(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (NeuronException ex)
        {
            return ex.Kind;
        }
    }
}
