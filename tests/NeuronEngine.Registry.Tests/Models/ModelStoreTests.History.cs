using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void ListPromotions_NewestFirstWithPreviousAndActor()
    {
        RegisterApproved(3);
        Promote(Recs, 1);
        registry.Clock.Advance(TimeSpan.FromMinutes(1));
        Fail(Recs, 2, "boom");
        registry.Clock.Advance(TimeSpan.FromMinutes(1));
        Promote(Recs, 3);
        Promote(Recs, 1, endpoint: "canary");

        var history = Store.ListPromotions(Tenant);

        Assert.Equal(
            [(3, (int?)1, PromotionResult.Succeeded), (2, 1, PromotionResult.Failed), (1, null, PromotionResult.Succeeded)],
            history.Select(p => (p.Target.Version, p.Previous?.Version, p.Result!.Value)));
        Assert.All(history, p => Assert.Equal(("production", Actor), (p.Endpoint, p.Actor)));
        Assert.True(history[0].Requested > history[1].Requested && history[1].Requested > history[2].Requested);
        Assert.Equal(2, Store.ListPromotions(Tenant, limit: 2).Count);
        Assert.Equal([1], Store.ListPromotions(Tenant, "canary").Select(p => p.Target.Version));
        NeuronAssert.InvalidArgument("limit", () => Store.ListPromotions(Tenant, limit: 0));
    }

    [Fact]
    public void PreviousServedVersion_FollowsSuccessfulPromotionsOnly()
    {
        RegisterApproved(3);
        Assert.Null(Store.PreviousServedVersion(Tenant));
        Promote(Recs, 1);
        Assert.Null(Store.PreviousServedVersion(Tenant));

        Promote(Recs, 2);
        Fail(Recs, 3, "boom");
        Assert.Equal(new VersionRef(Recs, 1), Store.PreviousServedVersion(Tenant));

        Promote(Recs, 1);
        Assert.Equal(new VersionRef(Recs, 2), Store.PreviousServedVersion(Tenant));
    }

    [Fact]
    public void PreviousServedVersion_AcrossFamilies_ReturnsSharedVersion()
    {
        RegisterApproved(1);
        Register(tenant: "shared", family: "base");
        Approve(Base, 1, tenant: "shared");
        Promote(Base, 1);
        Promote(Recs, 1);

        Assert.Equal(new VersionRef(Base, 1), Store.PreviousServedVersion(Tenant));
    }

    [Fact]
    public void PromotionAndApproval_AreInTheAuditLogNewestFirst()
    {
        RegisterApproved(2);
        Promote(Recs, 1);
        Fail(Recs, 2, "boom");

        Assert.Equal(
            [(AuditActions.Promote, "recs@2 -> production", "failed: boom"), (AuditActions.Promote, "recs@1 -> production", "succeeded"),
             (AuditActions.Approve, "recs@2", "succeeded"), (AuditActions.Approve, "recs@1", "succeeded")],
            Store.ListAudit(Tenant).Select(e => (e.Action, e.Target, e.Result)));
        Assert.Single(Store.ListAudit(Tenant, limit: 1));
    }
}
