using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Security;

/// <summary>API keys on an engine with <c>--auth required</c>: the key decides tenant and actor; revocation; KeyService's rules.</summary>
public sealed class ApiKeyTests(RequiredAuthEngine engine) : IClassFixture<RequiredAuthEngine>
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void FirstStart_WroteOperatorKeyReadableByOwnerOnly()
    {
        var path = Path.Combine(engine.Engine.Data.Path, "operator.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Matches("^nk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", engine.OperatorSecret);
    }

    [Fact]
    public async Task KeyDecidesTenant_OtherTenantInHeader_PermissionDenied_OperatorMayNameAny()
    {
        using var channel = Callers.Channel(engine.Address);
        var root = Callers.Invoker(channel, engine.OperatorSecret);
        var tenant = EngineFixture.NewTenant();
        var (_, secret) = await Callers.CreateKeyAsync(root, "svc", tenant, "admin");

        // No x-tenant: the key's tenant.
        await new EventTypeService.EventTypeServiceClient(Callers.Invoker(channel, secret))
            .CreateEventTypeAsync(new EventType { Type = "click", Name = "Click", Weight = 3 }).Within();
        var asOperator = new EventTypeService.EventTypeServiceClient(Callers.Invoker(channel, engine.OperatorSecret, tenant));
        Assert.Equal("click", Assert.Single((await asOperator.ListEventTypesAsync(new ListEventTypesRequest()).Within()).EventTypes).Type);

        // Naming its own tenant is fine; another one is refused.
        await new EventTypeService.EventTypeServiceClient(Callers.Invoker(channel, secret, tenant)).ListEventTypesAsync(new ListEventTypesRequest()).Within();
        var other = new EventTypeService.EventTypeServiceClient(Callers.Invoker(channel, secret, "someone-else"));
        var ex = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => other.ListEventTypesAsync(new ListEventTypesRequest()).ResponseAsync, "x-tenant", tenant, "someone-else");
        Assert.Equal("x-tenant", ex.Trailers.GetValue("x-error-field"));
    }

    [Fact]
    public async Task RevokedKey_NextCallUnauthenticated()
    {
        using var channel = Callers.Channel(engine.Address);
        var root = Callers.Invoker(channel, engine.OperatorSecret);
        var (keyId, secret) = await Callers.CreateKeyAsync(root, "short-lived", EngineFixture.NewTenant(), "serve");
        var client = new ModelService.ModelServiceClient(Callers.Invoker(channel, secret));
        await client.ListFamiliesAsync(new ListFamiliesRequest()).Within();

        var revoked = await new KeyService.KeyServiceClient(root).RevokeKeyAsync(new RevokeKeyRequest { KeyId = keyId }).Within();
        Assert.NotNull(revoked.Revoked);
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => client.ListFamiliesAsync(new ListFamiliesRequest()).ResponseAsync, "revoked");
    }

    [Fact]
    public async Task KeyRevokedDuringTrackStream_StreamEndsUnauthenticated_EarlierBatchesKept()
    {
        using var channel = Callers.Channel(engine.Address);
        var root = Callers.Invoker(channel, engine.OperatorSecret);
        var tenant = EngineFixture.NewTenant();
        using (var admin = new EngineClients(engine.Address, tenant, engine.OperatorSecret))
        {
            await Seed.EventTypesAsync(admin);
        }

        var (keyId, secret) = await Callers.CreateKeyAsync(root, "collector", tenant, "ingest");
        using var call = new EventService.EventServiceClient(Callers.Invoker(channel, secret)).TrackStream();
        await call.RequestStream.WriteAsync(Seed.Batch(Seed.Event("u1", "i1")));
        Assert.True(await call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
        Assert.Equal(1, call.ResponseStream.Current.Accepted);

        await new KeyService.KeyServiceClient(root).RevokeKeyAsync(new RevokeKeyRequest { KeyId = keyId }).Within();
        await call.RequestStream.WriteAsync(Seed.Batch(Seed.Event("u1", "i2")));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("revoked while this stream was open", ex.Status.Detail, StringComparison.Ordinal);

        var stats = await new EventService.EventServiceClient(Callers.Invoker(channel, engine.OperatorSecret, tenant)).GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(1, stats.Total);
    }

    [Theory]
    [InlineData("nk_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown API key")]
    [InlineData("not-a-key", "not a NeuronEngine key")]
    public async Task UnknownOrMalformedKey_Unauthenticated(string secret, string message)
    {
        using var channel = Callers.Channel(engine.Address);
        var client = new ModelService.ModelServiceClient(Callers.Invoker(channel, secret));
        var ex = await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => client.ListFamiliesAsync(new ListFamiliesRequest()).ResponseAsync, message);
        Assert.DoesNotContain(secret, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecretForRealKeyId_Unauthenticated()
    {
        using var channel = Callers.Channel(engine.Address);
        var (keyId, _) = await Callers.CreateKeyAsync(Callers.Invoker(channel, engine.OperatorSecret), "guessed", EngineFixture.NewTenant(), "serve");
        var forged = $"nk_{keyId}_{new string('A', 43)}";
        var client = new ModelService.ModelServiceClient(Callers.Invoker(channel, forged));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => client.ListFamiliesAsync(new ListFamiliesRequest()).ResponseAsync, "unknown API key");
    }

    [Fact]
    public async Task RequiredMode_LoopbackWithoutKey_Unauthenticated_HealthAndReflectionStillAnswer()
    {
        using var channel = Callers.Channel(engine.Address);
        var client = new ModelService.ModelServiceClient(Callers.Invoker(channel, secret: null));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => client.ListFamiliesAsync(new ListFamiliesRequest()).ResponseAsync, "Auth:Mode is required");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Contains("neuron.v1.KeyService", await ListServicesAsync(channel));
    }

    /// <summary>The services reflection lists, asked without a key.</summary>
    internal static async Task<IReadOnlyList<string>> ListServicesAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
        return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }

    [Fact]
    public async Task Actor_IsTheKeysName_NotAHeader()
    {
        using var channel = Callers.Channel(engine.Address);
        var tenant = EngineFixture.NewTenant();
        var (_, secret) = await Callers.CreateKeyAsync(Callers.Invoker(channel, engine.OperatorSecret), "sre-alice", tenant, "models");
        using var scratch = new TempDirectory("actor");
        using var clients = new EngineClients(engine.Address, tenant, secret);
        var version = await ModelUploads.RegisterApprovedAsync(clients, "recs", scratch, "actor");
        var headers = new Metadata { { "x-actor", "mallory" } };
        await clients.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }, headers).Within();

        var promotion = Assert.Single((await clients.Models.ListPromotionsAsync(new ListPromotionsRequest()).Within()).Promotions);
        Assert.Equal("sre-alice", promotion.Actor);
    }

    [Fact]
    public async Task Admin_ManagesOwnTenantsKeysOnly_NeverOperatorKeys()
    {
        using var channel = Callers.Channel(engine.Address);
        var tenant = EngineFixture.NewTenant();
        var (_, adminSecret) = await Callers.CreateKeyAsync(Callers.Invoker(channel, engine.OperatorSecret), "tenant-admin", tenant, "admin");
        var admin = Callers.Invoker(channel, adminSecret);
        var keys = new KeyService.KeyServiceClient(admin);

        var (serveId, _) = await Callers.CreateKeyAsync(admin, "web", "", "serve");
        var listed = await keys.ListKeysAsync(new ListKeysRequest()).Within();
        Assert.Equal(["tenant-admin", "web"], listed.Keys.Select(k => k.Name));
        Assert.Equal(["serve"], listed.Keys.Single(k => k.KeyId == serveId).Roles);

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Callers.CreateKeyAsync(admin, "root", "", "operator"), "roles", "only an operator");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => Callers.CreateKeyAsync(admin, "elsewhere", "other-tenant", "serve"), "tenant");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => keys.ListKeysAsync(new ListKeysRequest { Tenant = "other-tenant" }).ResponseAsync, "tenant");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Callers.CreateKeyAsync(admin, "typo", "", "serv"), "roles[0]", "unknown role");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Callers.CreateKeyAsync(admin, "", "", "serve"), "name");

        // Another tenant's key is not there for this admin (not "forbidden": its existence does not leak).
        var (foreignId, _) = await Callers.CreateKeyAsync(Callers.Invoker(channel, engine.OperatorSecret), "foreign", EngineFixture.NewTenant(), "serve");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => keys.RevokeKeyAsync(new RevokeKeyRequest { KeyId = foreignId }).ResponseAsync);
    }

    [Fact]
    public async Task ListKeys_ShowsLastUseAndNoSecrets()
    {
        using var channel = Callers.Channel(engine.Address);
        var root = Callers.Invoker(channel, engine.OperatorSecret);
        var tenant = EngineFixture.NewTenant();
        var (keyId, secret) = await Callers.CreateKeyAsync(root, "used", tenant, "serve");
        await new ModelService.ModelServiceClient(Callers.Invoker(channel, secret)).ListFamiliesAsync(new ListFamiliesRequest()).Within();

        var listed = await new KeyService.KeyServiceClient(root).ListKeysAsync(new ListKeysRequest { Tenant = tenant }).Within();
        var key = Assert.Single(listed.Keys);
        Assert.Equal(keyId, key.KeyId);
        Assert.DoesNotContain(secret[20..], listed.ToString(), StringComparison.Ordinal);
    }
}
