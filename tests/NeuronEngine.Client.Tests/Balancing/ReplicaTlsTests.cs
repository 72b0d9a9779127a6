using System.Security.Authentication;
using NeuronEngine.Client.Tests.Fixtures.Replicas;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Balancing;

/// <summary>
/// Several TLS replicas under one private CA. gRPC sends each call to its replica's host and port, and the handshake
/// checks the certificate against that host (not the channel's <c>static:///</c> address).
/// </summary>
public sealed class ReplicaTlsTests : IDisposable
{
    private const string Key = "nk_0123456789abcdef_secret";
    private readonly TempDirectory temp = new("client-replica-tls");
    private readonly TestCertificates certificates;
    private readonly ReplicaLedger ledger = new();

    public ReplicaTlsTests() => certificates = new TestCertificates(temp.Combine("pki"));

    public void Dispose()
    {
        certificates.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Recommend_EachCertificateNamesItsEndpointsHost_EachReplicaServesSomeWithTheClientCertificateAndKey()
    {
        await using var byAddress = await ReplicaServer.StartAsync("a", ledger, certificates.IssueServer("127.0.0.1"));
        await using var byName = await ReplicaServer.StartAsync("b", ledger, certificates.IssueServer("localhost"));
        var clientCertificate = certificates.IssueClient("app");
        using var client = new NeuronClient(new NeuronClientOptions
        {
            Endpoints = [byAddress.Address("127.0.0.1"), byName.Address("localhost")],
            CaCertificateFile = certificates.CaFile,
            ClientCertificateFile = clientCertificate.Certificate,
            ClientKeyFile = clientCertificate.Key,
            ApiKey = Key,
        });

        await ReplicaCalls.UntilEachServedAsync(() => client.Recommendations.RecommendAsync("u1"), [byAddress, byName], "Recommend");

        Assert.All([byAddress, byName], s => Assert.Equal([$"Bearer {Key}"], s.Replica.Authorizations));
        Assert.All([byAddress, byName], s => Assert.Single(s.Replica.ClientCertificates, subject => subject.Contains("client-app", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The endpoint says localhost, the certificate names only 127.0.0.1: the handshake with that replica fails (the name
    /// is checked per replica, not once for the channel) and it receives no call, while the other serves.
    /// </summary>
    [Fact]
    public async Task Recommend_CertificateNotNamingItsEndpointsHost_HandshakeWithThatReplicaFails()
    {
        await using var good = await ReplicaServer.StartAsync("a", ledger, certificates.IssueServer("127.0.0.1"));
        await using var misnamed = await ReplicaServer.StartAsync("b", ledger, certificates.IssueServer("127.0.0.1"));
        using var client = new NeuronClient(new NeuronClientOptions
        {
            Endpoints = [good.Address("127.0.0.1"), misnamed.Address("localhost")],
            CaCertificateFile = certificates.CaFile,
        });
        var refused = new List<NeuronClientException>();

        for (var calls = 0; calls < 200 && (refused.Count == 0 || good.Replica.Calls("Recommend") == 0); calls++)
        {
            try
            {
                var response = await client.Recommendations.RecommendAsync("u1").WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal("a", response.Items.Single().ItemId);
            }
            catch (NeuronClientException ex)
            {
                refused.Add(ex);
            }
        }

        Assert.NotEmpty(refused);
        Assert.All(refused, ex => Assert.IsType<AuthenticationException>(Cause(ex), exactMatch: false));
        Assert.True(good.Replica.Calls("Recommend") > 0, "the replica whose certificate names its host served nothing");
        Assert.Equal(0, misnamed.Replica.Calls("Recommend"));
    }

    private static Exception? Cause(NeuronClientException ex)
    {
        Exception? cause = (ex.InnerException as Grpc.Core.RpcException)?.Status.DebugException;
        while (cause is not null and not AuthenticationException)
        {
            cause = cause.InnerException;
        }

        return cause;
    }
}
