using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void ListServingEndpoints_AcrossTenants_IncludesSharedVersionServedByTwo()
    {
        Register(tenant: "shared", family: "base");
        Approve(Base, 1, tenant: "shared");
        RegisterApproved(2);
        Promote(Base, 1, tenant: Tenant);
        Promote(Base, 1, tenant: Other);
        Promote(Recs, 2, tenant: Tenant, endpoint: "canary");
        Store.BeginPromotion(Tenant, null, Recs, 1, Actor);
        Store.BeginPromotion("initech", null, Base, 1, Actor);

        var serving = Store.ListServingEndpoints();

        Assert.Equal(
            [
                new ServingEndpoint(Tenant, "canary", new VersionRef(Recs, 2), "acme/recs/2"),
                new ServingEndpoint(Tenant, "production", new VersionRef(Base, 1), "shared/base/1"),
                new ServingEndpoint(Other, "production", new VersionRef(Base, 1), "shared/base/1"),
            ],
            serving);
    }

    [Fact]
    public void ListServingEndpoints_AfterReopen_ServesWhatWasPromoted()
    {
        RegisterApproved(2);
        Promote(Recs, 2);
        Promote(Recs, 1);

        registry.Reopen();

        Assert.Equal([new ServingEndpoint(Tenant, "production", new VersionRef(Recs, 1), "acme/recs/1")], registry.Models.ListServingEndpoints());
    }

    [Fact]
    public void RecoverInterruptedPromotions_EndpointsLeftUpdating_GoBackAndRecordFailure()
    {
        RegisterApproved(2);
        Promote(Recs, 1);
        var interrupted = Store.BeginPromotion(Tenant, null, Recs, 2, Actor);
        var neverServed = Store.BeginPromotion(Tenant, "canary", Recs, 2, Actor);
        registry.Clock.Advance(TimeSpan.FromSeconds(9));
        registry.Reopen();

        var recovered = registry.Models.RecoverInterruptedPromotions();

        Assert.Equal([interrupted, neverServed], recovered);
        var production = Store.GetEndpoint(Tenant);
        Assert.Equal((ModelEndpointStatus.InService, new VersionRef(Recs, 1), ModelStore.RestartedError), (production.Status, production.Serving!.Value, production.LastError));
        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Tenant, "canary").Status);
        var promotion = Store.ListPromotions(Tenant)[0];
        Assert.Equal((PromotionResult.Failed, ModelStore.RestartedError, (long?)9000), (promotion.Result!.Value, promotion.Error, promotion.DurationMs));
        Assert.Equal([new ServingEndpoint(Tenant, "production", new VersionRef(Recs, 1), "acme/recs/1")], Store.ListServingEndpoints());
        Assert.Equal($"failed: {ModelStore.RestartedError}", Store.ListAudit(Tenant)[0].Result);
        Assert.Empty(Store.RecoverInterruptedPromotions());
        NeuronAssert.Throws(Core.ErrorKind.FailedPrecondition, () => Store.CompletePromotion(interrupted.PromotionId, succeeded: true, null, 1));
        Assert.Equal(2, Store.BeginPromotion(Tenant, null, Recs, 2, Actor).Target.Version);
    }

    [Fact]
    public void RecoverInterruptedPromotions_SeveralOfOneTenant_EachAuditedUnderItsOwnId()
    {
        RegisterApproved(1);
        Register(tenant: "shared", family: "base");
        Approve(Base, 1, tenant: "shared");
        Store.BeginPromotion(Tenant, null, Recs, 1, Actor);
        Store.BeginPromotion(Tenant, "canary", Recs, 1, Actor);
        Store.BeginPromotion(Other, null, Base, 1, Actor);
        Store.BeginPromotion(Tenant, "staging", Recs, 1, Actor);

        Assert.Equal(["production", "canary", "production", "staging"], Store.RecoverInterruptedPromotions().Select(t => t.Endpoint));

        Assert.Equal(
            [(4L, "recs@1 -> staging"), (3, "recs@1 -> canary"), (2, "recs@1 -> production"), (1, "recs@1")],
            Store.ListAudit(Tenant).Select(e => (e.Id, e.Target)));
        Assert.Equal([(1L, "shared/base@1 -> production")], Store.ListAudit(Other).Select(e => (e.Id, e.Target)));
        Assert.Equal([1L], Store.ListAudit("shared").Select(e => e.Id));
    }
}
