using NeuronEngine.Engine.Cluster;
using NeuronEngine.Registry.Models;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Cluster;

public sealed class ReplicaServingTests : IDisposable
{
    private static readonly VersionRef V2 = new(new FamilyRef(ClusterTestEnvironment.Tenant, "recs"), 2);
    private static readonly VersionRef V3 = V2 with { Version = 3 };

    private readonly ManualTimeProvider time = new();
    private readonly ClusterTestEnvironment env;
    private readonly ReplicaServing serving;

    public ReplicaServingTests()
    {
        env = new ClusterTestEnvironment(time: time);
        serving = env.Serving(env.Cluster("a"));
    }

    public void Dispose() => env.Dispose();

    [Fact]
    public void LoadFailed_RetriedAfterAHeartbeatIntervalThenTwiceAsLongEachTime()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        foreach (var wait in new[] { interval, interval * 2, interval * 4 })
        {
            serving.LoadFailed("acme", "production", V2, "damaged");
            Assert.False(serving.RetryDue("acme", "production", V2));
            Assert.False(serving.AnyRetryDue);
            time.Advance(wait - TimeSpan.FromMilliseconds(1));
            Assert.False(serving.RetryDue("acme", "production", V2));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(serving.RetryDue("acme", "production", V2));
            Assert.True(serving.AnyRetryDue);
        }
    }

    [Fact]
    public void LoadFailed_AnotherVersionPromotedSince_TriedAtOnce()
    {
        serving.LoadFailed("acme", "production", V2, "damaged");

        Assert.True(serving.RetryDue("acme", "production", V3));
        Assert.True(serving.RetryDue("acme", "staging", V2));
    }

    [Fact]
    public void Snapshot_FailedLoad_ReportedWithTheVersionUntilLoaded()
    {
        serving.LoadFailed("acme", "production", V2, "model.onnx is damaged");

        var entry = Assert.Single(serving.Snapshot().Endpoints);
        Assert.Equal(new ReplicaEndpoint("acme", "production", null, null, 0, "cannot load recs@2: model.onnx is damaged"), entry);

        serving.Loaded("acme", "production");
        Assert.Empty(serving.Snapshot().Endpoints);
    }

    [Fact]
    public void Retain_EndpointNoLongerServing_FailureForgotten()
    {
        serving.LoadFailed("acme", "production", V2, "damaged");
        serving.LoadFailed("acme", "staging", V2, "damaged");

        serving.Retain(new HashSet<(string, string)> { ("acme", "staging") });

        Assert.Equal(["staging"], serving.Snapshot().Endpoints.Select(e => e.Endpoint));
    }

    [Fact]
    public void BeginPromoting_CountedUntilDisposedOnce()
    {
        var first = serving.BeginPromoting();
        using (serving.BeginPromoting())
        {
            Assert.Equal(2, serving.Snapshot().Promoting);
        }

        first.Dispose();
        first.Dispose();
        Assert.Equal(0, serving.Promoting);
    }

    [Fact]
    public async Task BeatAsync_WritesTheSnapshotAsThisReplicasRecord()
    {
        serving.MarkReady();
        serving.LoadFailed("acme", "production", V2, "damaged");

        await serving.BeatAsync();

        var record = Assert.Single((await env.Replicas(env.Cluster("reader")).ListLiveAsync()));
        Assert.Equal(("a", true, time.GetUtcNow()), (record.Id, record.Ready, record.Beat));
        Assert.Equal("cannot load recs@2: damaged", Assert.Single(record.Endpoints).Error);
    }
}
