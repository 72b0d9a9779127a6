using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void GetEndpoint_NeverPromoted_ReturnsNoneNotNotFound()
    {
        var endpoint = Store.GetEndpoint(Tenant);

        Assert.Equal(new ModelEndpoint("production", null, null, null, null, ModelEndpointStatus.None, null, null, null), endpoint);
        Assert.Equal("canary", Store.GetEndpoint(Tenant, "canary").Name);
        NeuronAssert.InvalidArgument("endpoint", () => Store.GetEndpoint(Tenant, "Prod"));
        NeuronAssert.InvalidArgument("endpoint", () => Store.GetEndpoint(Tenant, "1prod"));
    }

    [Fact]
    public void BeginPromotion_PendingVersion_ThrowsFailedPreconditionAndLeavesEndpoint()
    {
        Register();

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.BeginPromotion(Tenant, null, Recs, 1, Actor));

        Assert.Equal("version 1 of family recs is PENDING; approve it first", ex.Message);
        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Tenant).Status);
        Assert.Empty(Store.ListPromotions(Tenant));
    }

    [Fact]
    public void BeginPromotion_MissingVersion_ThrowsNotFound()
    {
        Register();

        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.BeginPromotion(Tenant, null, Recs, 2, Actor));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.BeginPromotion(Tenant, null, new FamilyRef(Tenant, "nope"), 1, Actor));
    }

    [Fact]
    public void BeginPromotion_Approved_GoesUpdatingAndKeepsServingPrevious()
    {
        RegisterApproved(2);
        Promote(Recs, 1);
        registry.Clock.Advance(TimeSpan.FromMinutes(1));

        var ticket = Store.BeginPromotion(Tenant, "production", Recs, 2, Actor);

        Assert.Equal(new PromotionTicket(ticket.PromotionId, Tenant, "production", new VersionRef(Recs, 2), "acme/recs/2", new VersionRef(Recs, 1), registry.Clock.GetUtcNow()), ticket);
        var endpoint = Store.GetEndpoint(Tenant);
        Assert.Equal(ModelEndpointStatus.Updating, endpoint.Status);
        Assert.Equal(new VersionRef(Recs, 1), endpoint.Serving);
        Assert.Equal(new VersionRef(Recs, 2), endpoint.UpdatingTo);
        Assert.Equal(registry.Clock.GetUtcNow(), endpoint.Since);
    }

    [Fact]
    public void BeginPromotion_WhileUpdating_ThrowsFailedPrecondition()
    {
        RegisterApproved(2);
        var first = Store.BeginPromotion(Tenant, null, Recs, 1, Actor);

        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.BeginPromotion(Tenant, null, Recs, 2, "bob"));

        Assert.Equal(first.PromotionId, Assert.Single(Store.ListPromotions(Tenant)).PromotionId);
        Store.CompletePromotion(first.PromotionId, succeeded: true, null, 1);
        Assert.Equal(2, Store.BeginPromotion(Tenant, null, Recs, 2, "bob").Target.Version);
    }

    [Fact]
    public void BeginPromotion_OtherEndpointWhileUpdating_Allowed()
    {
        RegisterApproved(1);
        Store.BeginPromotion(Tenant, null, Recs, 1, Actor);

        var canary = Store.BeginPromotion(Tenant, "canary", Recs, 1, Actor);

        Assert.Equal("canary", canary.Endpoint);
    }

    [Fact]
    public void CompletePromotion_Succeeded_ServesNewVersionAndClearsError()
    {
        RegisterApproved(2, new VersionRegistration(Name: "home-run9", Label: "best"));
        Fail(Recs, 1, "bad vocab");
        var ticket = Store.BeginPromotion(Tenant, null, Recs, 2, Actor);
        registry.Clock.Advance(TimeSpan.FromSeconds(2));

        var endpoint = Store.CompletePromotion(ticket.PromotionId, succeeded: true, "ignored", 1500);

        Assert.Equal(new ModelEndpoint("production", Recs, 2, "home-run9", "best", ModelEndpointStatus.InService, registry.Clock.GetUtcNow(), null, null), endpoint);
        Assert.Equal(endpoint, Store.GetEndpoint(Tenant));
        var promotion = Store.ListPromotions(Tenant)[0];
        Assert.Equal((PromotionResult.Succeeded, (string?)null, (long?)1500, registry.Clock.GetUtcNow()), (promotion.Result!.Value, promotion.Error, promotion.DurationMs, promotion.Finished!.Value));
    }

    [Fact]
    public void CompletePromotion_FailedWithPrevious_KeepsOldVersionInServiceWithError()
    {
        RegisterApproved(2);
        Promote(Recs, 1);
        var ticket = Store.BeginPromotion(Tenant, null, Recs, 2, Actor);
        registry.Clock.Advance(TimeSpan.FromSeconds(1));

        var endpoint = Store.CompletePromotion(ticket.PromotionId, succeeded: false, "contract: output 'scores' missing", 40);

        Assert.Equal(ModelEndpointStatus.InService, endpoint.Status);
        Assert.Equal(new VersionRef(Recs, 1), endpoint.Serving);
        Assert.Equal("contract: output 'scores' missing", endpoint.LastError);
        Assert.Equal(registry.Clock.GetUtcNow(), endpoint.Since);
        Assert.Null(endpoint.UpdatingTo);
        var promotion = Store.ListPromotions(Tenant)[0];
        Assert.Equal((PromotionResult.Failed, "contract: output 'scores' missing"), (promotion.Result!.Value, promotion.Error));
    }

    [Fact]
    public void CompletePromotion_FailedWithNothingServed_BackToNone()
    {
        RegisterApproved(1);

        var endpoint = Fail(Recs, 1, "load failed");

        Assert.Equal(ModelEndpointStatus.None, endpoint.Status);
        Assert.Null(endpoint.Serving);
        Assert.Equal("load failed", endpoint.LastError);
        Assert.Empty(Store.ListServingEndpoints());
    }

    [Fact]
    public void CompletePromotion_Twice_ThrowsFailedPrecondition()
    {
        RegisterApproved(1);
        var ticket = Store.BeginPromotion(Tenant, null, Recs, 1, Actor);
        Store.CompletePromotion(ticket.PromotionId, succeeded: true, null, 1);

        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.CompletePromotion(ticket.PromotionId, succeeded: false, "late", 1));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.CompletePromotion(ticket.PromotionId + 1, succeeded: true, null, 1));
        NeuronAssert.InvalidArgument("duration_ms", () => Store.CompletePromotion(ticket.PromotionId, succeeded: true, null, -1));

        Assert.Equal(ModelEndpointStatus.InService, Store.GetEndpoint(Tenant).Status);
        Assert.Null(Store.GetEndpoint(Tenant).LastError);
    }

    private void RegisterApproved(int count, VersionRegistration? registration = null)
    {
        for (var i = 0; i < count; i++)
        {
            Approve(Recs, Register(registration: registration).Version);
        }
    }

    private ModelEndpoint Fail(FamilyRef family, int version, string error)
    {
        var ticket = Store.BeginPromotion(Tenant, null, family, version, Actor);
        return Store.CompletePromotion(ticket.PromotionId, succeeded: false, error, 3);
    }
}
