using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void UpdateVersion_OnlyNonNullFieldsChange()
    {
        Register(registration: new VersionRegistration(Label: "old label", Description: "old text"));

        var labelled = Store.UpdateVersion(Tenant, Recs, 1, "new label", null);
        var described = Store.UpdateVersion(Tenant, Recs, 1, null, "line one\nline two\ttabbed");
        var cleared = Store.UpdateVersion(Tenant, Recs, 1, "", null);

        Assert.Equal(("new label", "old text"), (labelled.Label, labelled.Description));
        Assert.Equal(("new label", "line one\nline two\ttabbed"), (described.Label, described.Description));
        Assert.Equal(("", "line one\nline two\ttabbed"), (cleared.Label, cleared.Description));
        AssertSame(cleared, Store.GetVersion(Tenant, Recs, 1));
    }

    [Theory]
    [InlineData(129, 0, "label")]
    [InlineData(0, 4001, "description")]
    public void UpdateVersion_TooLong_ThrowsInvalidArgumentAndKeepsVersion(int labelLength, int descriptionLength, string field)
    {
        Register(registration: new VersionRegistration(Label: "keep", Description: "keep"));

        NeuronAssert.InvalidArgument(field, () => Store.UpdateVersion(Tenant, Recs, 1, new string('l', labelLength), new string('d', descriptionLength)));

        Assert.Equal(("keep", "keep"), (Store.GetVersion(Tenant, Recs, 1).Label, Store.GetVersion(Tenant, Recs, 1).Description));
    }

    [Fact]
    public void UpdateVersion_AtLimits_Accepted()
    {
        Register();

        var updated = Store.UpdateVersion(Tenant, Recs, 1, new string('l', 128), new string('d', 4000));

        Assert.Equal((128, 4000), (updated.Label.Length, updated.Description.Length));
    }

    [Theory]
    [InlineData("a\u0001b", null, "label")]
    [InlineData("line\nbreak", null, "label")]
    [InlineData(null, "bell\u0007", "description")]
    public void UpdateVersion_ControlCharacters_ThrowsInvalidArgument(string? label, string? description, string field)
    {
        Register();

        NeuronAssert.InvalidArgument(field, () => Store.UpdateVersion(Tenant, Recs, 1, label, description));
    }

    public static TheoryData<VersionRegistration, string> BrokenRegistrations() => new()
    {
        { new VersionRegistration(Name: new string('n', 129)), "name" },
        { new VersionRegistration(Name: "   "), "name" },
        { new VersionRegistration(Label: new string('l', 129)), "label" },
        { new VersionRegistration(Description: new string('d', 4001)), "description" },
        { new VersionRegistration(RunId: "has space"), "run_id" },
        { new VersionRegistration(RunId: new string('r', 65)), "run_id" },
        { new VersionRegistration(TemplateId: "Home"), "template_id" },
        { new VersionRegistration(Metrics: new Dictionary<string, double> { [""] = 1 }), "metrics" },
        { new VersionRegistration(Metrics: new Dictionary<string, double> { ["ndcg"] = double.NaN }), "metrics[\"ndcg\"]" },
        { new VersionRegistration(Metrics: new Dictionary<string, double> { ["ndcg"] = double.PositiveInfinity }), "metrics[\"ndcg\"]" },
        { new VersionRegistration(SizeBytes: -1), "size_bytes" },
        { new VersionRegistration(ArtifactId: "abc"), "artifact_id" },
        { new VersionRegistration(ArtifactId: new string('A', 64)), "artifact_id" },
    };

    [Theory]
    [MemberData(nameof(BrokenRegistrations))]
    public void RegisterVersion_RuleBroken_ThrowsInvalidArgumentAndPlacesNothing(VersionRegistration registration, string field)
    {
        var placed = false;

        NeuronAssert.InvalidArgument(field, () => Store.RegisterVersion(Tenant, "recs", registration, _ => placed = true));

        Assert.False(placed);
        Assert.Empty(Store.ListFamilies(Tenant));
    }

    [Theory]
    [InlineData("Recs")]
    [InlineData("globex/recs")]
    [InlineData("")]
    public void RegisterVersion_BadFamily_ThrowsInvalidArgumentNamingFamily(string family)
    {
        NeuronAssert.InvalidArgument("family", () => Register(family: family));
    }

    [Fact]
    public void GetVersion_Missing_ThrowsNotFoundNamingFamilyAndVersion()
    {
        Register(tenant: "shared", family: "base");

        var ex = NeuronAssert.Throws(ErrorKind.NotFound, () => Store.GetVersion(Tenant, Base, 7));

        Assert.Contains("version 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shared/base", ex.Message, StringComparison.Ordinal);
        NeuronAssert.InvalidArgument("version", () => Store.GetVersion(Tenant, Base, 0));
    }

    [Fact]
    public void ApproveVersion_Pending_ApprovesAndAudits()
    {
        Register();
        registry.Clock.Advance(TimeSpan.FromMinutes(3));

        var approved = Approve(Recs, 1);

        Assert.Equal(ModelVersionStatus.Approved, approved.Status);
        Assert.Equal(registry.Clock.GetUtcNow(), approved.Approved);
        Assert.Equal(Actor, approved.ApprovedBy);
        AssertSame(approved, Store.GetVersion(Tenant, Recs, 1));
        var entry = Assert.Single(Store.ListAudit(Tenant));
        Assert.Equal((Actor, AuditActions.Approve, "recs@1", "succeeded", registry.Clock.GetUtcNow()), (entry.Actor, entry.Action, entry.Target, entry.Result, entry.At));
    }

    [Fact]
    public void ApproveVersion_Twice_ThrowsFailedPreconditionAndKeepsFirstApproval()
    {
        Register();
        var first = Approve(Recs, 1);
        registry.Clock.Advance(TimeSpan.FromMinutes(1));

        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.ApproveVersion(Tenant, Recs, 1, "bob"));

        AssertSame(first, Store.GetVersion(Tenant, Recs, 1));
        Assert.Single(Store.ListAudit(Tenant));
    }

    [Fact]
    public void ApproveVersion_BlankActor_ThrowsInvalidArgument()
    {
        Register();

        NeuronAssert.InvalidArgument("actor", () => Store.ApproveVersion(Tenant, Recs, 1, " "));
    }

    [Fact]
    public void SharedFamily_OtherTenant_CanReadButNotEditOrApprove()
    {
        Register(tenant: "shared", family: "base");

        Assert.Equal(1, Store.GetVersion(Tenant, Base, 1).Version);
        Assert.Single(Store.ListVersions(Tenant, Base).Items);
        NeuronAssert.Throws(ErrorKind.PermissionDenied, () => Store.UpdateVersion(Tenant, Base, 1, "mine", null));
        NeuronAssert.Throws(ErrorKind.PermissionDenied, () => Store.ApproveVersion(Tenant, Base, 1, Actor));

        Assert.Equal(ModelVersionStatus.Pending, Store.GetVersion("shared", Base, 1).Status);
        Assert.Equal("", Store.GetVersion("shared", Base, 1).Label);
        Assert.Equal("ok", Store.UpdateVersion("shared", Base, 1, "ok", null).Label);
        Assert.Equal(ModelVersionStatus.Approved, Store.ApproveVersion("shared", Base, 1, "ops").Status);
    }

    [Fact]
    public void OwnFamilyNamedLikeSharedOne_PrefixDisambiguates()
    {
        Register(family: "base", registration: new VersionRegistration(Name: "own"));
        Register(tenant: "shared", family: "base", registration: new VersionRegistration(Name: "shared"));

        Assert.Equal("own", Store.GetVersion(Tenant, FamilyRef.Parse(Tenant, "base"), 1).Name);
        Assert.Equal("shared", Store.GetVersion(Tenant, FamilyRef.Parse(Tenant, "shared/base"), 1).Name);
    }

    [Fact]
    public void OtherTenantsFamily_IsInvisibleAndCannotBeTouched()
    {
        Register(registration: new VersionRegistration(Label: "private"));
        Approve(Recs, 1);

        Assert.Empty(Store.ListFamilies(Other));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.ListVersions(Other, Recs));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.GetVersion(Other, Recs, 1));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.UpdateVersion(Other, Recs, 1, "mine", null));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.ApproveVersion(Other, Recs, 1, Actor));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.BeginPromotion(Other, null, Recs, 1, Actor));
        NeuronAssert.InvalidArgument("family", () => FamilyRef.Parse(Other, "acme/recs"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.GetVersion(Other, FamilyRef.Parse(Other, "recs"), 1));

        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Other).Status);
        Assert.Empty(Store.ListPromotions(Other));
        Assert.Empty(Store.ListAudit(Other));
        Assert.Equal("private", Store.GetVersion(Tenant, Recs, 1).Label);
    }

    [Fact]
    public void DefaultFamilyRef_ThrowsInvalidArgument()
    {
        NeuronAssert.InvalidArgument("family", () => Store.GetVersion(Tenant, default, 1));
    }
}
