using Grpc.Core;
using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Tls;

/// <summary>The SDK's client certificate against an engine that requires one from its client CA.</summary>
public sealed class MutualTlsTests(MutualTlsEngine engine) : IClassFixture<MutualTlsEngine>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClientCertificate_IssuedByTheClientCa_CallSucceeds()
    {
        using var client = Client(engine.Certificates.IssueClient("sdk"));

        await client.EventTypes.ListAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task NoClientCertificate_CallRefused()
    {
        using var client = Client(null);

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));

        Assert.True(ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"{ex.StatusCode}: {ex.Detail}");
    }

    [Fact]
    public async Task ClientCertificate_FromAnotherCaOrSelfSigned_CallRefused()
    {
        foreach (var stranger in (PemPair[])[engine.Stranger.IssueClient("eve"), engine.Certificates.SelfSignedClient("mallory")])
        {
            using var client = Client(stranger);

            var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync().WaitAsync(Timeout));

            // Refused in the handshake or right after it (TLS 1.3 checks the client's certificate after the client's side is done).
            Assert.True(ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"{ex.StatusCode}: {ex.Detail}");
        }
    }

    private NeuronClient Client(PemPair? certificate) => new(new NeuronClientOptions
    {
        Endpoint = engine.Address,
        Tenant = EngineFixture.NewTenant(),
        CaCertificateFile = engine.Certificates.CaFile,
        ClientCertificateFile = certificate?.Certificate,
        ClientKeyFile = certificate?.Key,
    });
}
