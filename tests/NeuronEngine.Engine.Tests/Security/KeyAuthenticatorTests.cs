using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Keys;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Engine.Tests.Security;

public sealed class KeyAuthenticatorTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly TempDirectory directory = new("keys");
    private readonly RegistryDatabase database;
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly IKeyStore store;
    private readonly KeyAuthenticator authenticator;
    private readonly KeyAdministration administration;
    private readonly Caller root = new("root", "root", TenantId.Default, Roles.Operator);

    public KeyAuthenticatorTests(ITestOutputHelper output)
    {
        this.output = output;
        database = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = directory.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        store = new KeyStore(database, time);
        authenticator = new KeyAuthenticator(store, time);
        administration = new KeyAdministration(store, authenticator, Options.Create(new AuthOptions()));
    }

    [Fact]
    public void Secret_Is256RandomBitsAfterItsId_AndOnlyItsHashIsStored()
    {
        var (key, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        Assert.Matches($"^nk_{key.KeyId}_[A-Za-z0-9_-]{{43}}$", secret);
        var stored = store.Find(key.KeyId)!;
        Assert.Equal(32, stored.Hash.Length);
        Assert.Equal(16, stored.Salt.Length);
        Assert.False(stored.Hash.Span.SequenceEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret))), "the hash must be salted");

        var caller = authenticator.Authenticate(secret);
        Assert.Equal(("svc", "acme", Roles.Serve), (caller.Name, caller.Tenant, caller.Roles));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nk_")]
    [InlineData("nk_0123456789abcdef_short")]
    [InlineData("nk_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("xx_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void MalformedSecret_Unauthenticated(string secret)
    {
        var ex = Assert.Throws<NeuronException>(() => authenticator.Authenticate(secret));
        Assert.Equal(ErrorKind.Unauthenticated, ex.Kind);
    }

    [Fact]
    public void WrongSecretOfARealKey_Unauthenticated()
    {
        var (key, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        var last = secret[^1] == 'A' ? 'B' : 'A';
        var ex = Assert.Throws<NeuronException>(() => authenticator.Authenticate(secret[..^1] + last));
        Assert.Equal((ErrorKind.Unauthenticated, "unknown API key"), (ex.Kind, ex.Message));
        Assert.Equal(key.KeyId, authenticator.Authenticate(secret).KeyId);
    }

    [Fact]
    public void UnknownId_RemembersItWasUnknown_UntilAKeyIsMadeWithIt()
    {
        var (keyId, secret) = ApiKeySecret.Generate();
        Assert.Throws<NeuronException>(() => authenticator.Authenticate(secret));

        var salt = ApiKeySecret.NewSalt();
        var hash = new byte[ApiKeySecret.HashBytes];
        ApiKeySecret.Hash(salt, secret, hash);
        store.Create(keyId, "late", "acme", Roles.Serve, salt, hash);
        Assert.Throws<NeuronException>(() => authenticator.Authenticate(secret));

        // Made through KeyAdministration, a key is known at once; otherwise once the memory of the miss runs out.
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal("late", authenticator.Authenticate(secret).Name);
        var made = KeyAdministration.NewKey.Make("fresh", "acme", Roles.Serve, out var freshSecret);
        var freshGuess = $"nk_{made.KeyId}_{new string('A', 43)}";
        Assert.Throws<NeuronException>(() => authenticator.Authenticate(freshGuess));
        administration.Store(made);
        Assert.Equal("fresh", authenticator.Authenticate(freshSecret).Name);
    }

    [Fact]
    public void ReservedActorNames_Refused()
    {
        var ex = Assert.Throws<NeuronException>(() => administration.Create(root, "acme", "mallory@Loopback", "", ["serve"]));
        Assert.Equal(("name", ErrorKind.InvalidArgument), (ex.Field, ex.Kind));
        Assert.EndsWith(KeyAdministration.ReservedSuffix, Caller.LoopbackOperator.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_NeitherSeesNorRevokesOperatorKeysOfItsTenant()
    {
        var (operatorKey, _) = administration.Create(root, "acme", "acme-operator", "", ["operator"]);
        var (adminKey, adminSecret) = administration.Create(root, "acme", "acme-admin", "", ["admin"]);
        var admin = authenticator.Authenticate(adminSecret);

        Assert.Equal([adminKey.KeyId], administration.List(admin, "acme", "").Select(k => k.KeyId));
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<NeuronException>(() => administration.Revoke(admin, "acme", operatorKey.KeyId)).Kind);
        Assert.Null(store.Find(operatorKey.KeyId)!.Revoked);
        Assert.Equal(2, administration.List(root, "acme", "acme").Count);
    }

    [Fact]
    public void Revoked_RefusedOnTheNextCall_EvenWhenCached()
    {
        var (key, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        authenticator.Authenticate(secret);
        administration.Revoke(root, "acme", key.KeyId);
        var ex = Assert.Throws<NeuronException>(() => authenticator.Authenticate(secret));
        Assert.Contains("revoked", ex.Message, StringComparison.Ordinal);

        // A second authenticator (another start) reads the revocation from the store.
        Assert.Throws<NeuronException>(() => new KeyAuthenticator(store, time).Authenticate(secret));
    }

    [Fact]
    public void CachedHit_AllocatesNothing()
    {
        var (_, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        authenticator.Authenticate(secret);
        authenticator.Authenticate(secret);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            authenticator.Authenticate(secret);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void LastUse_RecordedToTheMinute_ByTakeUses()
    {
        var (key, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        Assert.Empty(authenticator.TakeUses());
        authenticator.Authenticate(secret);
        var use = Assert.Single(authenticator.TakeUses());
        Assert.Equal((key.KeyId, time.GetUtcNow()), use);
        store.RecordUse([use]);
        Assert.Equal(time.GetUtcNow(), store.Find(key.KeyId)!.LastUsed);

        time.Advance(TimeSpan.FromSeconds(30));
        authenticator.Authenticate(secret);
        Assert.Empty(authenticator.TakeUses());
        time.Advance(TimeSpan.FromSeconds(31));
        authenticator.Authenticate(secret);
        Assert.Single(authenticator.TakeUses());
    }

    [Fact]
    public void EphemeralKey_AuthenticatesButIsNeverStored()
    {
        var secret = authenticator.AddEphemeral("trainer-sidecar", TenantId.Default, Roles.Operator);
        var caller = authenticator.Authenticate(secret);
        Assert.True(caller.IsOperator);
        Assert.Null(store.Find(caller.KeyId!));
        Assert.False(store.Any());
        Assert.Empty(authenticator.TakeUses());
    }

    [Fact]
    public void AnyPresentedSecret_CallerOrUnauthenticated_NothingElse()
    {
        var (_, secret) = administration.Create(root, "acme", "svc", "", ["serve"]);
        var alphabet = Gen.Char["nk_0123456789abcdefABCDEF-=+/ \u00e9\ud800"];
        var near = Properties.Mutations(System.Text.Encoding.UTF8.GetBytes(secret)).Select(b => System.Text.Encoding.Latin1.GetString(b));
        var inputs = Gen.Frequency((4, near), (2, alphabet.Array[0, 80].Select(c => new string(c))), (1, Gen.String));
        Properties.Run("api-key", inputs, presented =>
        {
            try
            {
                var caller = authenticator.Authenticate(presented);
                Assert.Equal(secret, presented);
                Assert.Equal("svc", caller.Name);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.Unauthenticated)
            {
                // The message never echoes what was presented (a near-miss of a real secret is still secret).
                if (presented.Length >= 8)
                {
                    Assert.DoesNotContain(presented, ex.Message, StringComparison.Ordinal);
                }
            }
        }, 20_000, output);
    }

    [Fact]
    public void Roles_AdminHoldsItsTenantsRoles_OperatorHoldsAll()
    {
        Assert.True(RoleNames.Allows(Roles.Admin, Roles.Serve));
        Assert.False(RoleNames.Allows(Roles.Admin, Roles.Operator));
        Assert.True(RoleNames.Allows(Roles.Operator, Roles.Operator));
        Assert.True(RoleNames.Allows(Roles.Operator, Roles.Ingest));
        Assert.False(RoleNames.Allows(Roles.Serve, Roles.Ingest));
        Assert.True(RoleNames.Allows(Roles.Serve | Roles.Ingest, Roles.Ingest));
        Assert.False(RoleNames.Allows(Roles.Models, Roles.Admin));
    }

    public void Dispose()
    {
        database.Dispose();
        directory.Dispose();
    }
}
