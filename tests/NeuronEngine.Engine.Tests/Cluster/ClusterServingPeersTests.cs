using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Registry.Models;
using static NeuronEngine.Engine.Tests.Cluster.ClusterTestEnvironment;

namespace NeuronEngine.Engine.Tests.Cluster;

public sealed class ClusterServingPeersTests : IDisposable
{
    private readonly ClusterTestEnvironment env = new(heartbeatTtl: TimeSpan.FromSeconds(2));

    public void Dispose() => env.Dispose();

    /// <summary>
    /// Pins the bug where a replica starting (or any replica recovering) failed a promotion another live replica was
    /// still running: recovery used to fail every UPDATING endpoint.
    /// </summary>
    [Fact]
    public async Task RecoverInterruptedPromotions_AnotherLiveReplicaPromoting_DeferredAndLeftUpdating()
    {
        var ticket = env.BeginPromotion();
        var other = env.Cluster("b");
        await env.Replicas(other).WriteAsync(Record("b", promoting: 1));
        var cluster = env.Cluster("a");
        var peers = env.Peers(cluster, env.Serving(cluster));

        Assert.Empty(await peers.RecoverInterruptedPromotionsAsync());

        Assert.True(peers.RecoveryDeferred);
        Assert.Equal(ModelEndpointStatus.Updating, env.Store.GetEndpoint(Tenant).Status);
        Assert.Null(env.Store.ListPromotions(Tenant).Single(p => p.PromotionId == ticket.PromotionId).Result);
    }

    [Fact]
    public async Task RecoverInterruptedPromotions_PromotingReplicaDied_Recovered()
    {
        var ticket = env.BeginPromotion();
        await env.Replicas(env.Cluster("b")).WriteAsync(Record("b", promoting: 1));
        await env.Replicas(env.Cluster("b")).LeaveAsync("b");
        var cluster = env.Cluster("a");
        var peers = env.Peers(cluster, env.Serving(cluster));

        var recovered = Assert.Single(await peers.RecoverInterruptedPromotionsAsync());

        Assert.Equal(ticket.PromotionId, recovered.PromotionId);
        Assert.False(peers.RecoveryDeferred);
        Assert.Equal(ModelEndpointStatus.None, env.Store.GetEndpoint(Tenant).Status);
        Assert.Equal(ModelStore.RestartedError, env.Store.ListPromotions(Tenant).Single().Error);
    }

    [Fact]
    public async Task RecoverInterruptedPromotions_OwnCrashedRunStillLiveInRedis_Recovered()
    {
        env.BeginPromotion();
        // The replica restarted within the TTL: its record from before the crash still says it was promoting.
        var cluster = env.Cluster("a");
        await env.Replicas(cluster).WriteAsync(Record("a", promoting: 1));
        var peers = env.Peers(cluster, env.Serving(cluster));

        Assert.Single(await peers.RecoverInterruptedPromotionsAsync());
    }

    [Fact]
    public async Task RecoverInterruptedPromotions_ThisReplicaPromotingNow_Deferred()
    {
        env.BeginPromotion();
        var cluster = env.Cluster("a");
        var serving = env.Serving(cluster);
        var peers = env.Peers(cluster, serving);

        using (serving.BeginPromoting())
        {
            Assert.Empty(await peers.RecoverInterruptedPromotionsAsync());
        }

        Assert.True(peers.RecoveryDeferred);
        Assert.Single(await peers.RecoverInterruptedPromotionsAsync());
    }

    [Fact]
    public async Task RecoverInterruptedPromotions_AnotherReplicaHoldsTheRecoveryLock_LeavesItToThatReplica()
    {
        env.BeginPromotion();
        var cluster = env.Cluster("a");
        await cluster.Database.LockTakeAsync(env.Keys.Recovery, "b", TimeSpan.FromSeconds(5));
        var peers = env.Peers(cluster, env.Serving(cluster));

        Assert.Empty(await peers.RecoverInterruptedPromotionsAsync());

        Assert.False(peers.RecoveryDeferred);
        Assert.Equal(ModelEndpointStatus.Updating, env.Store.GetEndpoint(Tenant).Status);
    }

    [Fact]
    public async Task PromotingAsync_CountedInTheHeartbeatBeforeItReturns()
    {
        var cluster = env.Cluster("a");
        var peers = env.Peers(cluster, env.Serving(cluster));

        using (await peers.PromotingAsync(CancellationToken.None))
        {
            Assert.Equal(1, Assert.Single((await env.Replicas(env.Cluster("reader")).ListLiveAsync())).Promoting);
        }
    }

    [Fact]
    public async Task PromotingAsync_RecoveryRunning_WaitsUntilItEnds()
    {
        var cluster = env.Cluster("a");
        var peers = env.Peers(cluster, env.Serving(cluster));
        await cluster.Database.LockTakeAsync(env.Keys.Recovery, "b", TimeSpan.FromSeconds(5));

        var promoting = peers.PromotingAsync(CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(promoting.IsCompleted);

        await cluster.Database.LockReleaseAsync(env.Keys.Recovery, "b");
        (await promoting.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task PromotingAsync_RecoveryLockNeverReleased_UnavailableAndNotCounted()
    {
        var cluster = env.Cluster("a");
        var serving = env.Serving(cluster);
        var peers = env.Peers(cluster, serving);
        await cluster.Database.LockTakeAsync(env.Keys.Recovery, "b", TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<NeuronException>(() => peers.PromotingAsync(CancellationToken.None).AsTask()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal(0, serving.Promoting);
    }

    [Fact]
    public async Task PromotedAsync_BumpsTheGenerationAndPublishes()
    {
        var cluster = env.Cluster("a");
        var peers = env.Peers(cluster, env.Serving(cluster));
        // StackExchange.Redis may run a subscription's handlers concurrently, so the two messages can arrive in either
        // order (replicas act on the generation they read, not on message order).
        var messages = new System.Collections.Concurrent.ConcurrentQueue<ServingMessage>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await new ServingChannel(env.Cluster("listener")).SubscribeAsync(m =>
        {
            messages.Enqueue(m);
            if (messages.Count == 2)
            {
                both.TrySetResult();
            }
        });
        var ticket = new PromotionTicket(1, Tenant, "production", new VersionRef(new FamilyRef(Tenant, "recs"), 1), "acme/recs/1", null, DateTimeOffset.UtcNow);

        await peers.PromotedAsync(ticket);
        await peers.PromotedAsync(ticket);

        Assert.Equal(2, (long)await cluster.Database.StringGetAsync(env.Keys.Generation));
        await both.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(
            [ServingMessage.Promoted(Tenant, "production", 1), ServingMessage.Promoted(Tenant, "production", 2)],
            messages.OrderBy(m => m.Generation));
        Assert.Single((await env.Replicas(cluster).ListLiveAsync()));
    }
}
