using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Operations.Telemetry;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Tls;

/// <summary>Both of the engine's ports over TLS with one certificate, and mutual TLS on both, in-process.</summary>
public sealed class EngineTlsTests : IDisposable
{
    private readonly TempDirectory temp = new("engine-tls");
    private readonly TestCertificates certificates;

    public EngineTlsTests() => certificates = new TestCertificates(temp.Combine("pki"));

    public void Dispose()
    {
        certificates.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task Start_Tls_GrpcAndMetricsServeTheCertificateOverHttps()
    {
        var server = certificates.IssueServer();
        await using var engine = await StartAsync(["--tls-cert", server.Certificate, "--tls-key", server.Key]);

        Assert.All(engine.Addresses, a => Assert.StartsWith("https://", a, StringComparison.Ordinal));
        using (var c = new EngineClients(engine.Grpc, TlsHandlers.Trusting(certificates.CaFile), "tls"))
        {
            await c.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within();
        }

        using var http = new HttpClient(TlsHandlers.Trusting(certificates.CaFile));
        var metrics = await http.GetStringAsync(new Uri($"https://127.0.0.1:{engine.MetricsPort}/metrics")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);

        // Cleartext is not answered on the TLS port.
        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetStringAsync(new Uri($"http://127.0.0.1:{engine.MetricsPort}/metrics")).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Start_MutualTls_BothPortsRefuseAClientWithoutACertificate()
    {
        var server = certificates.IssueServer();
        await using var engine = await StartAsync(["--tls-cert", server.Certificate, "--tls-key", server.Key, "--tls-client-ca", certificates.CaFile]);

        using var anonymous = new HttpClient(TlsHandlers.Trusting(certificates.CaFile));
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetStringAsync(new Uri($"https://127.0.0.1:{engine.MetricsPort}/metrics")).WaitAsync(TimeSpan.FromSeconds(30)));

        using var known = new HttpClient(TlsHandlers.Trusting(certificates.CaFile, certificates.IssueClient("prometheus")));
        Assert.Contains("# TYPE", await known.GetStringAsync(new Uri($"https://127.0.0.1:{engine.MetricsPort}/metrics")).WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    private async Task<Engine> StartAsync(string[] tls)
    {
        var metricsPort = TelemetryEngine.FreePort();
        var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", temp.Combine("data"), "--trainer", "off",
                "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture), .. tls],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new Engine(app, metricsPort);
    }

    private sealed class Engine(WebApplication app, int metricsPort) : IAsyncDisposable
    {
        public IReadOnlyCollection<string> Addresses { get; } = EngineHost.GetAddresses(app);

        public int MetricsPort => metricsPort;

        public string Grpc => Addresses.Single(a => new Uri(a).Port != metricsPort);

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }
    }
}
