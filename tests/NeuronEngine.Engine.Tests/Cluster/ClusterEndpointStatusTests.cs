using NeuronEngine.Engine.Cluster;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Registry.Models;
using static NeuronEngine.Engine.Tests.Cluster.ClusterTestEnvironment;

namespace NeuronEngine.Engine.Tests.Cluster;

public sealed class ClusterEndpointStatusTests : IDisposable
{
    private static readonly FamilyRef Recs = new(Tenant, "recs");
    private static readonly ModelEndpoint InServiceV2 = new(
        "production", Recs, 2, null, null, ModelEndpointStatus.InService, DateTimeOffset.UnixEpoch, null, null);

    private readonly ClusterTestEnvironment env = new();

    public void Dispose() => env.Dispose();

    private static ReplicaEndpoint Serves(int version, string? error = null) => new(Tenant, "production", Tenant, "recs", version, error);

    [Fact]
    public void Resolve_EveryReadyReplicaServesThePromotedVersion_InService()
    {
        var live = new[] { Record("a", endpoints: Serves(2)), Record("b", endpoints: Serves(2)) };

        Assert.Equal(InServiceV2, ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live));
    }

    [Fact]
    public void Resolve_OneReplicaStillOnThePreviousVersion_UpdatingToThePromotedOne()
    {
        var live = new[] { Record("a", endpoints: Serves(2)), Record("b", endpoints: Serves(1)) };

        var resolved = ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live);

        Assert.Equal(ModelEndpointStatus.Updating, resolved.Status);
        Assert.Equal(new VersionRef(Recs, 2), resolved.UpdatingTo);
        Assert.Equal((Recs, 2), (resolved.Family, resolved.Version));
        Assert.Null(resolved.LastError);
    }

    [Fact]
    public void Resolve_ReplicaServingNothingYet_Updating()
    {
        var live = new[] { Record("a", endpoints: Serves(2)), Record("b") };

        Assert.Equal(ModelEndpointStatus.Updating, ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live).Status);
    }

    [Fact]
    public void Resolve_ReplicaStillStarting_NotCounted()
    {
        var live = new[] { Record("a", endpoints: Serves(2)), Record("b", ready: false) };

        Assert.Equal(ModelEndpointStatus.InService, ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live).Status);
    }

    [Fact]
    public void Resolve_ReplicaFailedToLoad_UpdatingWithThatReplicasError()
    {
        var live = new[] { Record("a", endpoints: Serves(2)), Record("b", endpoints: Serves(1, "cannot load recs@2: model.onnx is damaged")) };

        var resolved = ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live);

        Assert.Equal(ModelEndpointStatus.Updating, resolved.Status);
        Assert.Equal("replica b: cannot load recs@2: model.onnx is damaged", resolved.LastError);
    }

    [Fact]
    public void Resolve_SameFamilyNameOfAnotherOwner_NotTheSameVersion()
    {
        var live = new[] { Record("a", endpoints: new ReplicaEndpoint(Tenant, "production", "shared", "recs", 2, null)) };

        Assert.Equal(ModelEndpointStatus.Updating, ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live).Status);
    }

    [Theory]
    [InlineData(ModelEndpointStatus.Updating)]
    [InlineData(ModelEndpointStatus.Failed)]
    [InlineData(ModelEndpointStatus.None)]
    public void Resolve_RegistryNotInService_AsTheRegistrySays(ModelEndpointStatus registered)
    {
        var endpoint = InServiceV2 with { Status = registered };
        var live = new[] { Record("a", endpoints: Serves(1)) };

        Assert.Equal(endpoint, ClusterEndpointStatus.Resolve(Tenant, endpoint, live));
    }

    [Fact]
    public void Resolve_OtherEndpointOrTenantBehind_NotCounted()
    {
        var live = new[]
        {
            Record("a", endpoints: [Serves(2), new ReplicaEndpoint(Tenant, "staging", Tenant, "recs", 1, null), new ReplicaEndpoint("other", "production", "other", "recs", 1, null)]),
        };

        Assert.Equal(ModelEndpointStatus.InService, ClusterEndpointStatus.Resolve(Tenant, InServiceV2, live).Status);
    }

    [Fact]
    public async Task Observe_ReplicaCatchesUp_WakesThatEndpointsWatchersOnly()
    {
        var (status, changes) = Status();
        status.Observe([Record("a", endpoints: Serves(2)), Record("b", endpoints: [Serves(1), new ReplicaEndpoint(Tenant, "staging", Tenant, "recs", 1, null)])]);
        var production = changes.NextChange(Tenant, "production");
        var staging = changes.NextChange(Tenant, "staging");

        status.Observe([Record("a", endpoints: Serves(2)), Record("b", endpoints: [Serves(2), new ReplicaEndpoint(Tenant, "staging", Tenant, "recs", 1, null)])]);

        await production.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(staging.IsCompleted);
    }

    [Fact]
    public void Observe_NothingChanged_WakesNobody()
    {
        var (status, changes) = Status();
        status.Observe([Record("a", endpoints: Serves(2))]);
        var production = changes.NextChange(Tenant, "production");

        status.Observe([Record("a", promoting: 1, endpoints: Serves(2))]);

        Assert.False(production.IsCompleted);
    }

    [Theory]
    [InlineData("left")]
    [InlineData("ready")]
    public async Task Observe_ReplicaLeftOrBecameReady_WakesEveryEndpoint(string change)
    {
        var (status, changes) = Status();
        status.Observe([Record("a", endpoints: Serves(2)), Record("b", ready: false)]);
        var production = changes.NextChange(Tenant, "production");
        var other = changes.NextChange("other", "staging");

        status.Observe(change == "left" ? [Record("a", endpoints: Serves(2))] : [Record("a", endpoints: Serves(2)), Record("b")]);

        await Task.WhenAll(production, other).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Resolve_ThisReplicasOwnStaleRecord_ReplacedByWhatItServesNow()
    {
        var cluster = env.Cluster("self");
        var serving = env.Serving(cluster);
        serving.MarkReady();
        // A record from before: it says this replica serves version 2; its model host serves nothing now.
        await env.Replicas(cluster).WriteAsync(Record("self", endpoints: Serves(2)));
        var status = new ClusterEndpointStatus(env.Replicas(cluster), serving, new EndpointChanges());

        Assert.Equal(ModelEndpointStatus.Updating, (await status.ResolveAsync(Tenant, InServiceV2)).Status);
        Assert.Equal(["self"], (await status.LiveAsync()).Select(r => r.Id));
    }

    private (ClusterEndpointStatus Status, EndpointChanges Changes) Status()
    {
        var cluster = env.Cluster("observer");
        var changes = new EndpointChanges();
        return (new ClusterEndpointStatus(env.Replicas(cluster), env.Serving(cluster), changes), changes);
    }
}
