using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// Three engine processes sharing nothing but one Redis: a version registered on one, promoted on another, is watched
/// into service on the third and served by all three.
/// </summary>
/// <remarks>
/// Needs the registry's Redis stores (so the replicas share versions and endpoints) and artifacts in Redis (so B and C
/// can load what was uploaded to A): it passes only once both are in the engine.
/// </remarks>
[Collection(Recovery.ProcessTests.Name)]
public sealed class PromotionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "shop";

    private readonly RedisServer redis = RedisServer.Start(appendOnly: false);
    private readonly TempDirectory scratch = new("cluster-promotion-artifacts");
    private readonly List<TempDirectory> dataDirs = [];
    private readonly List<EngineProcess> engines = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var engine in engines)
        {
            await engine.DisposeAsync();
        }

        foreach (var dir in dataDirs)
        {
            dir.Dispose();
        }

        scratch.Dispose();
        redis.Dispose();
    }

    [Fact]
    public async Task RegisterOnA_PromoteOnB_CWatchesUpdatingThenInService_AllServeTheNewVersion()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        using var onA = new EngineClients(a.Address, Tenant);
        using var onB = new EngineClients(b.Address, Tenant);
        using var onC = new EngineClients(c.Address, Tenant);

        var v1 = await ModelUploads.RegisterApprovedAsync(onA, "recs", scratch, "v1");
        await onB.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v1 }).Within();
        var v2 = await ModelUploads.RegisterApprovedAsync(onA, "recs", scratch, "v2", scale: 3f);
        using (var settled = await ClusterWatch.StartAsync(onC))
        {
            await settled.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v1);
        }

        using var watch = await ClusterWatch.StartAsync(onC);
        await onB.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = v2 }).Within();
        var final = await watch.UntilAsync(e => e.Status == EndpointStatus.InService && e.Version == v2);

        Assert.Equal("recs", final.Family);
        var updating = watch.Seen.FindIndex(e => e.Status == EndpointStatus.Updating);
        Assert.InRange(updating, 1, watch.Seen.Count - 2);
        foreach (var clients in new[] { onA, onB, onC })
        {
            var response = await clients.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
            Assert.Equal(("recs", v2), (response.Model.Family, response.Model.Version));
        }
    }

    private async Task<EngineProcess> StartAsync(string name)
    {
        var data = new TempDirectory("cluster-promotion-" + name);
        dataDirs.Add(data);
        var engine = await EngineProcess.StartAsync(data.Path, output,
            "--cluster", $"redis=127.0.0.1:{redis.Port}",
            "--Cluster:HeartbeatInterval", "00:00:00.200",
            "--Cluster:HeartbeatTtl", "00:00:02");
        engines.Add(engine);
        return engine;
    }
}
