using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Registry.Tests.Models;

/// <summary>
/// What only cluster mode has: replicas (store instances over their own <see cref="RedisControlPlane"/> on one prefix,
/// as separate processes would be) writing at once, and the run store's transaction registering a version. Each race
/// must end as it would on one node.
/// </summary>
public sealed class RedisModelStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private const string Actor = "alice@acme";
    private static readonly FamilyRef Recs = new(Tenant, "recs");
    private readonly TestRegistry registry = new(RegistryBackend.Redis);

    public void Dispose() => registry.Dispose();

    [Fact]
    public async Task RegisterVersion_TwoReplicasAtOnce_DistinctConsecutiveNumbersEachPlacedOnce()
    {
        var replicas = new[] { Replica(), Replica() };
        var placed = new ConcurrentBag<int>();

        var outcomes = await Race(4, i => Enumerable.Range(0, 10)
            .Select(_ => replicas[i % 2].RegisterVersion(Tenant, "recs", new VersionRegistration(), placed.Add).Version)
            .ToList());

        var numbers = outcomes.SelectMany(o => o.Value!).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 40), numbers);
        Assert.Equal(numbers, placed.Order());
        Assert.Equal(40, replicas[0].ListFamilies(Tenant).Single().LatestVersion);
        Assert.Equal(numbers, replicas[1].ListVersions(Tenant, Recs).Items.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task RegisterVersion_ReplicasRaceForTheLastPlaces_FamilyLimitHolds()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 5);
        var replicas = new[] { Replica(), Replica() };
        var placed = new ConcurrentBag<int>();

        var outcomes = await Race(8, i => replicas[i % 2].RegisterVersion(Tenant, "recs", new VersionRegistration(), placed.Add));

        Assert.Equal(5, outcomes.Count(o => o.Error is null));
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(ErrorKind.ResourceExhausted, o.Error!.Kind));
        Assert.Equal([1, 2, 3, 4, 5], placed.Order());
        Assert.Equal(5, replicas[0].ListVersions(Tenant, Recs).Items.Count);
    }

    [Fact]
    public async Task BeginPromotion_TwoReplicasOnOneEndpoint_OnlyOneBegins()
    {
        var replicas = new[] { Replica(), Replica() };
        RegisterApproved(replicas[0], 2);

        var outcomes = await Race(2, i => replicas[i].BeginPromotion(Tenant, null, Recs, i + 1, Actor));

        var begun = Assert.Single(outcomes, o => o.Error is null).Value!;
        Assert.Equal(ErrorKind.FailedPrecondition, Assert.Single(outcomes, o => o.Error is not null).Error!.Kind);
        Assert.Equal(begun.PromotionId, Assert.Single(replicas[1].ListPromotions(Tenant)).PromotionId);
        Assert.Equal(begun.Target, replicas[1].GetEndpoint(Tenant).UpdatingTo);
    }

    [Fact]
    public async Task BeginPromotion_ReplicasRaceForNewEndpoints_EndpointLimitHolds()
    {
        registry.Limits.Endpoints = new CountLimit("Limits:MaxEndpoints", 2);
        var replicas = new[] { Replica(), Replica() };
        RegisterApproved(replicas[0], 1);

        var outcomes = await Race(6, i => replicas[i % 2].BeginPromotion(Tenant, $"e{i}", Recs, 1, Actor));

        Assert.Equal(2, outcomes.Count(o => o.Error is null));
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(ErrorKind.ResourceExhausted, o.Error!.Kind));
    }

    [Fact]
    public async Task BeginPromotion_ManyTenantsAtOnceOnASharedVersion_PromotionIdsUnique()
    {
        var replicas = new[] { Replica(), Replica() };
        var shared = new FamilyRef(TenantId.Shared, "base");
        replicas[0].RegisterVersion(TenantId.Shared, "base", new VersionRegistration(), _ => { });
        replicas[0].ApproveVersion(TenantId.Shared, shared, 1, "ops");

        var outcomes = await Race(8, i => replicas[i % 2].BeginPromotion($"t{i}", null, shared, 1, Actor));

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), outcomes.Select(o => o.Value!.PromotionId).Order());
        Assert.Equal(8, replicas[1].RecoverInterruptedPromotions().Count);
    }

    [Fact]
    public async Task ApproveVersion_ReplicasApproveAtOnce_EachAuditedOnceUnderItsOwnId()
    {
        var replicas = new[] { Replica(), Replica() };
        for (var i = 0; i < 12; i++)
        {
            replicas[0].RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { });
        }

        await Race(4, i => Enumerable.Range(0, 3).Select(j => replicas[i % 2].ApproveVersion(Tenant, Recs, (i * 3) + j + 1, Actor)).ToList());

        var audit = replicas[1].ListAudit(Tenant);
        Assert.Equal(Enumerable.Range(1, 12).Reverse().Select(i => (long)i), audit.Select(e => e.Id));
        Assert.Equal(
            Enumerable.Range(1, 12).Select(v => $"recs@{v}").Order(StringComparer.Ordinal),
            audit.Select(e => e.Target).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CompletePromotion_TwoReplicasReportOnePromotion_OnlyOneFinishesIt()
    {
        var replicas = new[] { Replica(), Replica() };
        RegisterApproved(replicas[0], 1);
        var ticket = replicas[0].BeginPromotion(Tenant, null, Recs, 1, Actor);

        var outcomes = await Race(2, i => replicas[i].CompletePromotion(ticket.PromotionId, succeeded: i == 0, "failed here", 5));

        var winner = Assert.Single(outcomes, o => o.Error is null).Value!;
        Assert.Equal(ErrorKind.FailedPrecondition, Assert.Single(outcomes, o => o.Error is not null).Error!.Kind);
        Assert.Equal(winner, replicas[1].GetEndpoint(Tenant));
        Assert.Single(replicas[0].ListAudit(Tenant), e => e.Action == AuditActions.Promote);
    }

    [Fact]
    public void QueueRegistration_InTheCallersTransaction_CommitsWithTheCallersWritesOrNotAtAll()
    {
        var store = Replica();
        var plane = registry.Redis!;
        var runDone = plane.Key("test-run-done");

        Assert.Throws<InvalidOperationException>(() => plane.Transact(write =>
        {
            store.QueueRegistration(write, Tenant, "recs", new VersionRegistration(RunId: "run1"));
            write.StringSet(runDone, "run1");
            throw new InvalidOperationException("the run's own check failed");
        }));
        Assert.Empty(store.ListFamilies(Tenant));
        Assert.False(plane.Database.KeyExists(runDone));

        var registered = plane.Transact(write =>
        {
            var version = store.QueueRegistration(write, Tenant, "recs", new VersionRegistration(RunId: "run1"));
            write.StringSet(runDone, version.Version);
            return version;
        });

        Assert.Equal((1, "run1"), (registered.Version, registered.RunId));
        Assert.Equal(registered with { Metrics = null! }, store.GetVersion(Tenant, Recs, 1) with { Metrics = null! });
        Assert.Equal(1, (int)plane.Database.StringGet(runDone));
    }

    [Fact]
    public void VersionHolds_QueuedRunsKeepTheirPlacesUntilTheyRegisterOrEnd()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 2);
        var store = Replica();
        var plane = registry.Redis!;
        plane.Transact(write => store.QueueVersionHold(write, Recs, "run1"));
        plane.Transact(write => store.QueueVersionHold(write, Recs, "run2"));

        var full = NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { }));
        Assert.Contains("holds 0 versions and 2 queued or running run(s) will register one each", full.Message, StringComparison.Ordinal);
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => plane.Transact(write => store.QueueVersionHold(write, Recs, "run3")));
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => store.RequireVersionRoom(Recs));

        // run1 registers in its own place; its hold goes with it.
        Assert.Equal(1, plane.Transact(write => store.QueueRegistration(write, Tenant, "recs", new VersionRegistration(), completingRunId: "run1")).Version);
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { }));

        // run2 ends without a version: its place is free again.
        plane.Transact(write => store.QueueVersionHoldRelease(write, Recs, "run2"));
        store.RequireVersionRoom(Recs);
        Assert.Equal(2, store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { }).Version);
    }

    [Fact]
    public async Task VersionHolds_ReplicasQueueRunsAtOnce_LimitHolds()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 3);
        var replicas = new[] { Replica(), Replica() };
        var plane = registry.Redis!;

        var outcomes = await Race(6, i => plane.Transact(write =>
        {
            replicas[i % 2].QueueVersionHold(write, Recs, $"run{i}");
            return i;
        }));

        Assert.Equal(3, outcomes.Count(o => o.Error is null));
        Assert.Equal(3, plane.Database.SetLength(plane.Key("model-version-holds", "acme:recs")));
    }

    [Fact]
    public void AddNeuronRedisRegistry_ModelStore_IsTheRedisOneUnderBothNames()
    {
        using var services = new ServiceCollection()
            .AddSingleton(registry.Redis!)
            .AddNeuronRedisRegistry()
            .AddNeuronRegistry()
            .BuildServiceProvider();

        var store = services.GetRequiredService<IModelStore>();

        Assert.IsType<RedisModelStore>(store);
        Assert.Same(store, services.GetRequiredService<RedisModelStore>());
    }

    /// <summary>Another replica: its own control plane object on the same connection and prefix.</summary>
    private RedisModelStore Replica() =>
        new(new RedisControlPlane(registry.Redis!.Connection, registry.Redis.Prefix), registry.Clock, Options.Create(registry.Limits));

    private static void RegisterApproved(RedisModelStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            store.ApproveVersion(Tenant, Recs, store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { }).Version, Actor);
        }
    }

    /// <summary>Runs <paramref name="call"/> on <paramref name="count"/> threads released together; a NeuronException is an outcome.</summary>
    private static async Task<List<(T? Value, NeuronException? Error)>> Race<T>(int count, Func<int, T> call)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                try
                {
                    return (call(i), (NeuronException?)null);
                }
                catch (NeuronException ex)
                {
                    return (default(T), ex);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        return [.. await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(60))];
    }
}
