using NeuronEngine.Core;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Registry.Tests.Keys;

public abstract class KeyStoreTests(RegistryBackend backend) : IDisposable
{
    private const string Tenant = "acme";
    private static readonly byte[] Salt = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    private static readonly byte[] Hash = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];

    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Create_New_StoresEveryFieldWithClockTime()
    {
        var created = Create("k1", Tenant, Roles.Serve | Roles.Ingest, name: "checkout");

        var found = registry.Keys.Find("k1")!;

        AssertSame(created, found);
        Assert.Equal(("k1", "checkout", Tenant, Roles.Serve | Roles.Ingest), (found.KeyId, found.Name, found.Tenant, found.Roles));
        Assert.Equal(Salt, found.Salt.ToArray());
        Assert.Equal(Hash, found.Hash.ToArray());
        Assert.Equal(registry.Clock.GetUtcNow(), found.Created);
        Assert.Null(found.LastUsed);
        Assert.Null(found.Revoked);
    }

    [Fact]
    public void Create_TakenId_AlreadyExistsAndKeepsTheFirst()
    {
        Create("k1", Tenant, Roles.Serve, name: "first");

        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => Create("k1", "globex", Roles.Admin, name: "second"));

        Assert.Equal(("first", Tenant), (registry.Keys.Find("k1")!.Name, registry.Keys.Find("k1")!.Tenant));
        Assert.Empty(registry.Keys.List("globex"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    public void Create_InvalidTenant_InvalidArgumentNamingTenant(string tenant)
    {
        NeuronAssert.InvalidArgument("tenant", () => Create("k1", tenant, Roles.Serve));

        Assert.False(registry.Keys.Any());
    }

    [Fact]
    public void Find_UnknownId_Null()
    {
        Create("k1", Tenant, Roles.Serve);

        Assert.Null(registry.Keys.Find("k2"));
    }

    [Fact]
    public void List_OldestFirstTiesById_OnlyThatTenantsKeys()
    {
        Create("k-b", Tenant, Roles.Serve);
        Create("k-a", Tenant, Roles.Serve);
        registry.Clock.Advance(TimeSpan.FromSeconds(1));
        Create("k-0", Tenant, Roles.Serve);
        Create("k-c", "globex", Roles.Serve);
        registry.Keys.Revoke("k-a");

        Assert.Equal(["k-a", "k-b", "k-0"], registry.Keys.List(Tenant).Select(k => k.KeyId));
        Assert.Equal(["k-c"], registry.Keys.List("globex").Select(k => k.KeyId));
        Assert.Empty(registry.Keys.List("initech"));
        NeuronAssert.InvalidArgument("tenant", () => registry.Keys.List("Acme"));
    }

    [Fact]
    public void CountActive_CountsTheTenantsKeysNotRevoked()
    {
        Create("k1", Tenant, Roles.Serve);
        Create("k2", Tenant, Roles.Admin);
        Create("k3", Tenant, Roles.Ingest);
        Create("k4", "globex", Roles.Serve);
        registry.Keys.Revoke("k2");

        Assert.Equal(2, registry.Keys.CountActive(Tenant));
        Assert.Equal(1, registry.Keys.CountActive("globex"));
        Assert.Equal(0, registry.Keys.CountActive("initech"));
    }

    [Fact]
    public void Any_FalseUntilAKeyIsMade_TrueWhenAllAreRevoked()
    {
        Assert.False(registry.Keys.Any());

        Create("k1", Tenant, Roles.Serve);
        registry.Keys.Revoke("k1");

        Assert.True(registry.Keys.Any());
    }

    [Fact]
    public void Revoke_Twice_KeepsTheFirstRevocationTime()
    {
        Create("k1", Tenant, Roles.Serve);
        var first = registry.Clock.GetUtcNow();

        var revoked = registry.Keys.Revoke("k1");
        registry.Clock.Advance(TimeSpan.FromHours(1));
        var again = registry.Keys.Revoke("k1");

        Assert.Equal(first, revoked.Revoked);
        Assert.Equal(first, again.Revoked);
        Assert.Equal(first, registry.Keys.Find("k1")!.Revoked);
    }

    [Fact]
    public void Revoke_UnknownId_NotFound()
    {
        var ex = NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Keys.Revoke("nope"));

        Assert.Equal("key \"nope\" not found", ex.Message);
    }

    [Fact]
    public void Revoke_LastOperatorKeyOfAnyTenant_FailedPreconditionAndKeepsIt()
    {
        Create("op1", Tenant, Roles.Operator);
        Create("op2", "globex", Roles.Operator | Roles.Admin);
        Create("admin", Tenant, Roles.Admin);

        registry.Keys.Revoke("op1");
        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Keys.Revoke("op2"));

        Assert.Contains("last operator key", ex.Message, StringComparison.Ordinal);
        Assert.Null(registry.Keys.Find("op2")!.Revoked);
        Assert.NotNull(registry.Keys.Revoke("admin").Revoked);
        Assert.NotNull(registry.Keys.Revoke("op1").Revoked);
    }

    [Fact]
    public void Revoke_OperatorKeyAfterAnotherIsMade_Succeeds()
    {
        Create("op1", Tenant, Roles.Operator);
        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Keys.Revoke("op1"));

        Create("op2", Tenant, Roles.Operator);

        Assert.NotNull(registry.Keys.Revoke("op1").Revoked);
        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Keys.Revoke("op2"));
    }

    [Fact]
    public void RecordUse_LaterTimesOnly_NeverGoesBack()
    {
        Create("k1", Tenant, Roles.Serve);
        Create("k2", Tenant, Roles.Serve);
        var t0 = registry.Clock.GetUtcNow().AddTicks(1234567);

        registry.Keys.RecordUse([("k1", t0.AddMinutes(2)), ("k2", t0), ("k1", t0.AddMinutes(1))]);
        registry.Keys.RecordUse([("k1", t0), ("k2", t0.AddMinutes(5)), ("unknown", t0)]);

        Assert.Equal(t0.AddMinutes(2), registry.Keys.Find("k1")!.LastUsed);
        Assert.Equal(t0.AddMinutes(5), registry.Keys.Find("k2")!.LastUsed);
        Assert.Null(registry.Keys.Find("unknown"));
    }

    [Fact]
    public void RecordUse_RevokedKey_StillRecordedAndStaysRevoked()
    {
        Create("k1", Tenant, Roles.Serve);
        var revoked = registry.Keys.Revoke("k1").Revoked;
        var at = registry.Clock.GetUtcNow().AddMinutes(1);

        registry.Keys.RecordUse([("k1", at)]);

        var key = registry.Keys.Find("k1")!;
        Assert.Equal((at, revoked), (key.LastUsed, key.Revoked));
    }

    [Fact]
    public void RecordUse_Nothing_ChangesNothing()
    {
        Create("k1", Tenant, Roles.Serve);

        registry.Keys.RecordUse([]);

        Assert.Null(registry.Keys.Find("k1")!.LastUsed);
    }

    private ApiKeyRecord Create(string keyId, string tenant, Roles roles, string name = "key") =>
        registry.Keys.Create(keyId, name, tenant, roles, Salt, Hash);

    private static void AssertSame(ApiKeyRecord expected, ApiKeyRecord actual)
    {
        Assert.Equal(expected with { Salt = default, Hash = default }, actual with { Salt = default, Hash = default });
        Assert.Equal(expected.Salt.ToArray(), actual.Salt.ToArray());
        Assert.Equal(expected.Hash.ToArray(), actual.Hash.ToArray());
    }
}

public sealed class KeyStoreTestsOnSqlite() : KeyStoreTests(RegistryBackend.Sqlite);

public sealed class KeyStoreTestsOnRedis() : KeyStoreTests(RegistryBackend.Redis);
