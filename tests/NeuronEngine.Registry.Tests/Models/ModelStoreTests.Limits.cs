using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void RegisterVersion_FamilyFull_ResourceExhaustedAndNothingPlaced()
    {
        registry.Limits.VersionsPerFamily = new CountLimit("Limits:MaxVersionsPerFamily", 2);
        Register();
        Register();
        var placed = false;

        var ex = NeuronAssert.Throws(ErrorKind.ResourceExhausted,
            () => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => placed = true));

        Assert.Contains("Limits:MaxVersionsPerFamily (2) reached for tenant \"acme\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("family \"recs\" holds 2 versions", ex.Message, StringComparison.Ordinal);
        Assert.False(placed);
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => Store.RequireVersionRoom(Recs));
        Assert.Equal(2, Store.ListVersions(Tenant, Recs).Items.Count);
        Assert.Equal(1, Register(family: "other").Version);
    }

    [Fact]
    public void BeginPromotion_NewEndpointPastMaxEndpoints_RefusedWhileServingEndpointsStillPromote()
    {
        registry.Limits.Endpoints = new CountLimit("Limits:MaxEndpoints", 2);
        RegisterApproved(3);
        Promote(Recs, 1);
        Promote(Recs, 1, endpoint: "canary");

        var ex = NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => Store.BeginPromotion(Tenant, "staging", Recs, 2, Actor));

        Assert.Contains("Limits:MaxEndpoints (2) reached for tenant \"acme\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Tenant, "staging").Status);
        Assert.Equal(2, Promote(Recs, 2, endpoint: "canary").Version);
        Assert.Equal(3, Promote(Recs, 3).Version);
        Promote(Recs, 1, tenant: Tenant, endpoint: ModelStore.DefaultEndpoint);
    }

    [Fact]
    public void BeginPromotion_EndpointWhosePromotionsFailed_DoesNotCount()
    {
        registry.Limits.Endpoints = new CountLimit("Limits:MaxEndpoints", 1);
        RegisterApproved(1);
        var ticket = Store.BeginPromotion(Tenant, "canary", Recs, 1, Actor);
        Store.CompletePromotion(ticket.PromotionId, succeeded: false, "did not load", 3);

        Assert.Equal(1, Promote(Recs, 1).Version);
        NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => Store.BeginPromotion(Tenant, "canary", Recs, 1, Actor));
    }
}
