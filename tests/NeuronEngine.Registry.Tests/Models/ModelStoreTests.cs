using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

/// <summary>The model store's contract, run against both implementations (<see cref="ModelStoreTestsOnSqlite"/>, <see cref="ModelStoreTestsOnRedis"/>).</summary>
public abstract partial class ModelStoreTests(RegistryBackend backend) : IDisposable
{
    private protected const string Tenant = "acme";
    private const string Other = "globex";
    private const string Actor = "alice@acme";
    private protected static readonly FamilyRef Recs = new(Tenant, "recs");
    private static readonly FamilyRef Base = new("shared", "base");
    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    private protected TestRegistry Registry => registry;

    private protected IModelStore Store => registry.Models;

    [Fact]
    public void RegisterVersion_AllFields_StoresPendingVersion()
    {
        var metrics = new Dictionary<string, double> { ["ndcg@10"] = 0.25, ["hit@10"] = 0.5 };
        var placed = new List<int>();

        var version = Store.RegisterVersion(Tenant, "recs", new VersionRegistration(
            "Home v1", "candidate", "first try", "run1", "home", metrics, """{"recipe":"pooled-history"}""", 1234), placed.Add);

        Assert.Equal([1], placed);
        Assert.Equal(Recs, version.Family);
        Assert.Equal(1, version.Version);
        Assert.Equal("Home v1", version.Name);
        Assert.Equal("candidate", version.Label);
        Assert.Equal("first try", version.Description);
        Assert.Equal(ModelVersionStatus.Pending, version.Status);
        Assert.Equal(registry.Clock.GetUtcNow(), version.Created);
        Assert.Equal("run1", version.RunId);
        Assert.Equal("home", version.TemplateId);
        Assert.Equal(metrics, version.Metrics);
        Assert.Equal("""{"recipe":"pooled-history"}""", version.Manifest);
        Assert.Equal("acme/recs/1", version.ArtifactPath);
        Assert.Equal(1234, version.SizeBytes);
        Assert.Null(version.Approved);
        Assert.Null(version.ApprovedBy);
        AssertSame(version, Store.GetVersion(Tenant, Recs, 1));
    }

    [Fact]
    public void RegisterVersion_Repeated_NumbersFromOnePerFamily()
    {
        Assert.Equal(1, Register().Version);
        Assert.Equal(2, Register().Version);
        Assert.Equal(1, Register(family: "other").Version);
        Assert.Equal(1, Register(tenant: Other).Version);
        Assert.Equal(3, Register().Version);

        Assert.Equal([3, 2, 1], Store.ListVersions(Tenant, Recs).Items.Select(v => v.Version));
    }

    [Fact]
    public async Task RegisterVersion_FourThreadsAtOnce_GetDistinctConsecutiveNumbers()
    {
        const int PerThread = 10;
        var placed = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return Enumerable.Range(0, PerThread)
                .Select(_ => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), placed.Add).Version)
                .ToList();
        })).ToArray();

        var numbers = (await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(30))).SelectMany(n => n).Order().ToList();

        Assert.Equal(Enumerable.Range(1, 4 * PerThread), numbers);
        Assert.Equal(numbers, placed.Order());
        Assert.Equal(numbers, Store.ListVersions(Tenant, Recs).Items.Select(v => v.Version).Order());
    }

    [Theory]
    [InlineData(null, "home", "run7", "home-run7")]
    [InlineData("", "home", "run7", "home-run7")]
    [InlineData(null, "home", null, "v1")]
    [InlineData(null, null, "run7", "v1")]
    [InlineData(null, "", "", "v1")]
    [InlineData("Mine", "home", "run7", "Mine")]
    public void RegisterVersion_Name_DefaultsToTemplateAndRunElseVersion(string? name, string? templateId, string? runId, string expected)
    {
        var version = Register(registration: new VersionRegistration(Name: name, TemplateId: templateId, RunId: runId));

        Assert.Equal(expected, version.Name);
        Assert.Equal(string.IsNullOrEmpty(runId) ? null : runId, version.RunId);
    }

    [Fact]
    public void RegisterVersion_DefaultNameOverLimit_IsCutTo128()
    {
        var templateId = "t" + new string('a', 63);
        var runId = new string('r', 64);

        var version = Register(registration: new VersionRegistration(TemplateId: templateId, RunId: runId));

        Assert.Equal(128, version.Name.Length);
        Assert.StartsWith(templateId + "-rrr", version.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisterVersion_IntoSharedFamilyAsOtherTenant_ThrowsPermissionDenied()
    {
        NeuronAssert.Throws(ErrorKind.PermissionDenied, () => Register(family: "shared/base"));

        Assert.Equal(1, Register(tenant: "shared", family: "shared/base").Version);
        Assert.Equal(2, Register(tenant: "shared", family: "base").Version);
    }

    [Fact]
    public void ListFamilies_OwnAndShared_OwnFirstWithLatestAndProduction()
    {
        Register(family: "zeta");
        Register();
        Register();
        Register(tenant: "shared", family: "base");
        Register(tenant: "shared", family: "recs");
        Register(tenant: Other, family: "secret");
        Approve(Recs, 1);
        Promote(Recs, 1);

        var families = Store.ListFamilies(Tenant);

        Assert.Equal(
            [(Recs, 2, (int?)1), (new FamilyRef(Tenant, "zeta"), 1, null), (Base, 1, null), (new FamilyRef("shared", "recs"), 1, null)],
            families.Select(f => (f.Family, f.LatestVersion, f.ProductionVersion)));
        Assert.Equal(["base", "recs"], Store.ListFamilies("shared").Select(f => f.Family.Name));
    }

    [Fact]
    public void ListFamilies_SharedVersionInProduction_ShowsItOnlyForThatTenant()
    {
        Register(tenant: "shared", family: "base");
        Approve(Base, 1, tenant: "shared");
        Promote(Base, 1, tenant: Other);

        Assert.Equal(1, Store.ListFamilies(Other).Single().ProductionVersion);
        Assert.Null(Store.ListFamilies(Tenant).Single().ProductionVersion);
    }

    private protected RegisteredVersion Register(string tenant = Tenant, string family = "recs", VersionRegistration? registration = null) =>
        Store.RegisterVersion(tenant, family, registration ?? new VersionRegistration(), _ => { });

    private RegisteredVersion Approve(FamilyRef family, int version, string tenant = Tenant) => Store.ApproveVersion(tenant, family, version, Actor);

    private ModelEndpoint Promote(FamilyRef family, int version, string tenant = Tenant, string endpoint = ModelStore.DefaultEndpoint)
    {
        var ticket = Store.BeginPromotion(tenant, endpoint, family, version, Actor);
        return Store.CompletePromotion(ticket.PromotionId, succeeded: true, null, 5);
    }

    private static void AssertSame(RegisteredVersion expected, RegisteredVersion actual)
    {
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected with { Metrics = null! }, actual with { Metrics = null! });
    }
}
