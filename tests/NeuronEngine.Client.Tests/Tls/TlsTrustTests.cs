using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NeuronEngine.Client.Tests.Fixtures;
using Xunit.Abstractions;

namespace NeuronEngine.Client.Tests.Tls;

/// <summary>The SDK against an engine behind TLS (a test CA) that takes no call without an API key.</summary>
public sealed class TlsTrustTests(TlsRequiredAuthEngine engine, ITestOutputHelper output) : IClassFixture<TlsRequiredAuthEngine>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CaCertificateFile_EngineCertificateFromThatCa_CallSucceeds()
    {
        using var client = Client(engine.Certificates.CaFile, engine.OperatorKey);

        await client.EventTypes.ListAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task NoCaCertificateFile_PrivateCa_CallFailsInTheHandshake()
    {
        using var client = Client(caFile: null, engine.OperatorKey);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));

        AssertHandshakeFailed(ex, output);
    }

    [Fact]
    public async Task CaCertificateFile_AnotherCa_CallFailsInTheHandshake()
    {
        using var client = Client(engine.Stranger.CaFile, engine.OperatorKey);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));

        AssertHandshakeFailed(ex);
    }

    [Fact]
    public async Task ApiKey_CreatedThroughKeyService_AuthenticatesUntilRevoked()
    {
        var tenant = EngineFixture.NewTenant();
        using var operatorClient = Client(engine.Certificates.CaFile, engine.OperatorKey);
        var created = await operatorClient.Keys.CreateAsync("sdk-tests", ["admin"], tenant).WaitAsync(Timeout);
        using var client = Client(engine.Certificates.CaFile, created.Secret, tenant: null);

        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);

        Assert.Single(await client.EventTypes.ListAsync().WaitAsync(Timeout));
        var listed = Assert.Single(await client.Keys.ListAsync().WaitAsync(Timeout));
        Assert.Equal((created.Key.KeyId, "sdk-tests", tenant), (listed.KeyId, listed.Name, listed.Tenant));
        await operatorClient.Keys.RevokeAsync(created.Key.KeyId).WaitAsync(Timeout);
        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task ApiKey_Unknown_UnauthenticatedWithoutTheKeyInTheMessage()
    {
        const string wrong = "nk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        using var client = Client(engine.Certificates.CaFile, wrong);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNeuronClient_CaCertificateFileAndApiKey_CallsSucceed()
    {
        await using var provider = new ServiceCollection()
            .AddNeuronClient(o =>
            {
                o.Endpoint = engine.Address;
                o.CaCertificateFile = engine.Certificates.CaFile;
                o.ApiKey = engine.OperatorKey;
                o.Tenant = EngineFixture.NewTenant();
            })
            .BuildServiceProvider();

        await provider.GetRequiredService<NeuronClient>().EventTypes.ListAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Tracker_UnknownApiKey_FlushThrowsUnauthenticatedOnceWithoutTheKey()
    {
        const string wrong = "nk_0123456789abcdef_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        var logs = new RecordingLoggerFactory();
        using var client = new NeuronClient(
            new NeuronClientOptions { Endpoint = engine.Address, Tenant = EngineFixture.NewTenant(), CaCertificateFile = engine.Certificates.CaFile, ApiKey = wrong },
            logs);
        var tracker = client.CreateTracker();
        await tracker.TrackAsync(new Contracts.V1.Event { UserId = "u1", ItemId = "i1", Type = "click" }).AsTask().WaitAsync(Timeout);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => tracker.FlushAsync()).WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Equal(1, ex.LostEvents);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.Single(logs.Logger.Named("TrackRefused"));
        Assert.Empty(logs.Logger.Named("TrackRetrying"));
        Assert.DoesNotContain(logs.Logger.Lines, line => line.Message.Contains(wrong, StringComparison.Ordinal));
    }

    /// <summary>A client; its tenant is a new one unless given (null: the key's own).</summary>
    private NeuronClient Client(string? caFile, string apiKey, string? tenant = "") =>
        new(new NeuronClientOptions { Endpoint = engine.Address, Tenant = tenant == "" ? EngineFixture.NewTenant() : tenant, CaCertificateFile = caFile, ApiKey = apiKey });

    /// <summary>A handshake the client refuses fails the call before it is sent (gRPC reports it INTERNAL or UNAVAILABLE).</summary>
    private static void AssertHandshakeFailed(NeuronClientException ex, ITestOutputHelper? output = null)
    {
        output?.WriteLine(ex.Detail);
        Assert.True(ex.StatusCode is StatusCode.Internal or StatusCode.Unavailable, $"{ex.StatusCode}: {ex.Detail}");
        Assert.Contains("SSL", ex.Detail, StringComparison.Ordinal);
    }
}
