using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Tests.Cluster;

public sealed class ClusterReplicasTests : IDisposable
{
    private readonly ClusterTestEnvironment env = new(heartbeatTtl: TimeSpan.FromMilliseconds(400));

    public void Dispose() => env.Dispose();

    [Fact]
    public async Task WriteAsync_TwoReplicas_ListLiveReturnsBothOrderedById()
    {
        var b = env.Cluster("b");
        var a = env.Cluster("a");
        var served = new ReplicaEndpoint("acme", "production", "shared", "base", 3, null);
        await env.Replicas(b).WriteAsync(ClusterTestEnvironment.Record("b", endpoints: served));
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a", ready: false, promoting: 1));

        var live = (await env.Replicas(a).ListLiveAsync());

        Assert.Equal(["a", "b"], live.Select(r => r.Id));
        Assert.Equal((false, 1), (live[0].Ready, live[0].Promoting));
        Assert.Equal(served, Assert.Single(live[1].Endpoints));
        Assert.Equal(["http://127.0.0.1:1"], live[1].Addresses);
    }

    [Fact]
    public async Task ListLive_RecordExpired_NotListedAndPrunedFromTheSet()
    {
        var a = env.Cluster("a");
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a"));
        await env.Replicas(env.Cluster("gone")).WriteAsync(ClusterTestEnvironment.Record("gone"));
        Assert.Equal(2, (await env.Replicas(a).ListLiveAsync()).Count);

        await Task.Delay(env.HeartbeatTtl * 2);
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a"));

        Assert.Equal(["a"], (await env.Replicas(a).ListLiveAsync()).Select(r => r.Id));
        Assert.Equal(["a"], a.Database.SortedSetRangeByRank(env.Keys.Replicas).Select(v => v.ToString()));
    }

    [Fact]
    public async Task LeaveAsync_RemovesTheReplicaAtOnce()
    {
        var a = env.Cluster("a");
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a"));
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("b"));

        await env.Replicas(a).LeaveAsync("a");

        Assert.Equal(["b"], (await env.Replicas(a).ListLiveAsync()).Select(r => r.Id));
        Assert.Equal(1, a.Database.SortedSetLength(env.Keys.Replicas));
    }

    [Fact]
    public async Task ListLive_UnreadableRecord_Skipped()
    {
        var a = env.Cluster("a");
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a"));
        await a.Database.SortedSetAddAsync(env.Keys.Replicas, "odd", 1);
        await a.Database.StringSetAsync(env.Keys.Replica("odd"), "not json", TimeSpan.FromSeconds(10));

        Assert.Equal(["a"], (await env.Replicas(a).ListLiveAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task ListLive_RedisDown_ThrowsUnavailable()
    {
        using var redis = RedisServer.Start(appendOnly: false);
        using var cluster = new RedisCluster(
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { Redis = redis.Configuration + ",connectTimeout=500,syncTimeout=500", ReplicaId = "a" }),
            Microsoft.Extensions.Options.Options.Create(new Engine.Hosting.EngineOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisCluster>.Instance);
        var replicas = env.Replicas(cluster);
        await replicas.WriteAsync(ClusterTestEnvironment.Record("a"));

        redis.Kill();

        var error = await Assert.ThrowsAsync<NeuronException>(replicas.ListLiveAsync).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task WriteAsync_RecordKeyExpiresAfterTheTtl()
    {
        var a = env.Cluster("a");
        await env.Replicas(a).WriteAsync(ClusterTestEnvironment.Record("a"));

        var ttl = await a.Database.KeyTimeToLiveAsync(env.Keys.Replica("a"));

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), env.HeartbeatTtl);
        Assert.Equal(RedisType.String, await a.Database.KeyTypeAsync(env.Keys.Replica("a")));
    }
}
