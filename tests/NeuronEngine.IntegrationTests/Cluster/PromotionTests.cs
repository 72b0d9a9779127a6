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
/// Needs artifacts in Redis (so B and C can load what was uploaded to A): it passes once they are in the engine.
/// </remarks>
[Collection(Recovery.ProcessTests.Name)]
public sealed class PromotionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "shop";

    private readonly ClusterReplicas cluster = new(output);
    private readonly TempDirectory scratch = new("cluster-promotion-artifacts");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        scratch.Dispose();
    }

    [Fact]
    public async Task RegisterOnA_PromoteOnB_CWatchesUpdatingThenInService_AllServeTheNewVersion()
    {
        for (var i = 0; i < 3; i++)
        {
            await cluster.StartAsync();
        }

        using var onA = new EngineClients(cluster[0].Address, Tenant);
        using var onB = new EngineClients(cluster[1].Address, Tenant);
        using var onC = new EngineClients(cluster[2].Address, Tenant);
        await AllReadyAsync(onA);

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

    /// <summary>Waits until the three replicas count (a replica still starting does not, and would not be waited for).</summary>
    private static async Task AllReadyAsync(EngineClients clients)
    {
        var admin = new AdminService.AdminServiceClient(clients.Invoker);
        var status = await Eventually.ReadUntilAsync(
            () => admin.GetClusterStatusAsync(new GetClusterStatusRequest()).Within(),
            s => s.Replicas.Count(r => r.Ready) == 3,
            TimeSpan.FromMinutes(1));
        Assert.Equal(3, status.Replicas.Count(r => r.Ready));
    }
}
