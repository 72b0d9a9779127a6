using Grpc.Core;
using Grpc.Health.V1;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Security;

/// <summary>
/// The default <c>--auth loopback</c>: a call from 127.0.0.1 without a key is the operator; the same call from another
/// address needs a key. "Another address" is 127.0.0.2: the test binds its client socket there (Linux routes all of
/// 127.0.0.0/8 to the loopback interface), and the engine trusts only 127.0.0.1 and ::1.
/// </summary>
public sealed class LoopbackModeTests : IAsyncLifetime
{
    private OwnEngine? engine;

    private OwnEngine Engine => engine!;

    public async Task InitializeAsync() => engine = await OwnEngine.StartAsync("auth-loopback", []);

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    [Fact]
    public async Task FromLoopback_NoKey_ActsAsOperator()
    {
        using var channel = Callers.Channel(Engine.Address);
        var invoker = Callers.Invoker(channel, secret: null, tenant: "any-tenant");
        var (_, secret) = await Callers.CreateKeyAsync(invoker, "made-on-loopback", "any-tenant", "operator");
        Assert.StartsWith("nk_", secret, StringComparison.Ordinal);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => new AdminService.AdminServiceClient(invoker).BackupAsync(new BackupRequest()).ResponseAsync, "name");
    }

    [Fact]
    public async Task FromAnotherAddress_NoKey_Unauthenticated_WithKey_Allowed_HealthOpen()
    {
        using var local = Callers.Channel(Engine.Address);
        var (_, secret) = await Callers.CreateKeyAsync(Callers.Invoker(local, null), "remote-app", "acme", "serve");

        using var remote = Callers.Channel(Engine.Address, Callers.Stranger);
        var anonymous = new ModelService.ModelServiceClient(Callers.Invoker(remote, null));
        await RpcAssert.FailsAsync(StatusCode.Unauthenticated, () => anonymous.ListFamiliesAsync(new ListFamiliesRequest()).ResponseAsync, "other hosts");
        await Assert.ThrowsAsync<RpcException>(() => ApiKeyTests.ListServicesAsync(remote));

        var keyed = new ModelService.ModelServiceClient(Callers.Invoker(remote, secret));
        await keyed.ListFamiliesAsync(new ListFamiliesRequest()).Within();
        var health = await new Health.HealthClient(remote).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task FromAnotherAddress_NoKey_RefusedBeforeTheRequestIsRead()
    {
        // A unary request whose body never ends: the 5-byte gRPC prefix announces a 1 MiB message that never comes. The
        // refusal must not wait for it (gRPC reads a unary request whole before any interceptor runs).
        using var http = new HttpClient(Callers.Handler(Callers.Stranger));
        var body = new System.IO.Pipelines.Pipe();
        await body.Writer.WriteAsync(new byte[] { 0, 0, 0x10, 0, 0 });
        using var content = new StreamContent(body.Reader.AsStream());
        content.Headers.ContentType = new("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{Engine.Address}/neuron.v1.CatalogService/UpsertItems"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new("trailers"));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("16", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Contains("API key", Uri.UnescapeDataString(Assert.Single(response.Headers.GetValues("grpc-message"))), StringComparison.Ordinal);
        await body.Writer.CompleteAsync();
    }

    [Fact]
    public async Task FromLoopback_WithKey_TheKeysRolesApply()
    {
        using var channel = Callers.Channel(Engine.Address);
        var (_, secret) = await Callers.CreateKeyAsync(Callers.Invoker(channel, null), "reader", "acme", "serve");
        var limited = new AdminService.AdminServiceClient(Callers.Invoker(channel, secret));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => limited.BackupAsync(new BackupRequest { Name = "b" }).ResponseAsync, "operator");
    }

    [Fact]
    public async Task LastOperatorKey_CannotBeRevoked()
    {
        using var channel = Callers.Channel(Engine.Address);
        var keys = new KeyService.KeyServiceClient(Callers.Invoker(channel, null));
        var bootstrap = File.ReadAllText(Path.Combine(Engine.Data.Path, "operator.key")).Trim();
        var operators = (await keys.ListKeysAsync(new ListKeysRequest { Tenant = "default" }).Within()).Keys.Where(k => k.Roles.Contains("operator") && k.Revoked is null).ToList();
        var only = Assert.Single(operators);
        Assert.StartsWith($"nk_{only.KeyId}_", bootstrap, StringComparison.Ordinal);
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => keys.RevokeKeyAsync(new RevokeKeyRequest { KeyId = only.KeyId }).ResponseAsync, "last operator key");
    }

    [Fact]
    public async Task KeysPerTenant_Capped_ResourceExhaustedNamingTheLimit()
    {
        await using var capped = await OwnEngine.StartAsync("auth-cap", ["--Auth:MaxKeysPerTenant", "2"]);
        using var channel = Callers.Channel(capped.Address);
        var invoker = Callers.Invoker(channel, null);
        await Callers.CreateKeyAsync(invoker, "one", "acme", "serve");
        var (second, _) = await Callers.CreateKeyAsync(invoker, "two", "acme", "serve");
        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => Callers.CreateKeyAsync(invoker, "three", "acme", "serve"), "Auth:MaxKeysPerTenant (2)", "acme");

        // A revoked key no longer counts; another tenant has its own allowance.
        await new KeyService.KeyServiceClient(invoker).RevokeKeyAsync(new RevokeKeyRequest { KeyId = second }).Within();
        await Callers.CreateKeyAsync(invoker, "three", "acme", "serve");
        await Callers.CreateKeyAsync(invoker, "elsewhere", "other", "serve");
    }
}
