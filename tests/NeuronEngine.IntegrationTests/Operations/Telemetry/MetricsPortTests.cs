using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>The metrics listener's switch, its port, and the console log format, on engines of their own.</summary>
public sealed class MetricsPortTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_MetricsPortZeroOrEmbeddedDefault_OnlyTheGrpcListener(bool explicitZero)
    {
        using var data = new TempDirectory("metrics-off");
        string[] metrics = explicitZero ? ["--metrics-port", "0"] : [];
        await using var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", .. metrics],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            Assert.Single(EngineHost.GetAddresses(app));
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Metrics_OnlyOnTheMetricsPort_EvenWhenTheGrpcPortIsAskedWithItsHostHeader()
    {
        using var data = new TempDirectory("metrics-port-only");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var metricsPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture)],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            var grpc = EngineHost.GetAddresses(app).Single(a => !a.EndsWith($":{metricsPort}", StringComparison.Ordinal));
            using var http = new HttpClient();
            using var scrape = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);

            // The gRPC port speaks HTTP/2 only, and needs a key from other hosts: the metrics must not answer there,
            // whatever Host (:authority) the request names.
            using var sideways = new HttpRequestMessage(HttpMethod.Get, new Uri($"{grpc}/metrics"))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            sideways.Headers.Host = $"127.0.0.1:{metricsPort}";
            using var answer = await http.SendAsync(sideways);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.DoesNotContain("neuron_", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task Start_MetricsPortInUse_FailsNamingTheAddress()
    {
        using var data = new TempDirectory("metrics-busy");
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--metrics-port", port.ToString(CultureInfo.InvariantCulture)],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Critical));

        var ex = await Assert.ThrowsAsync<IOException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Build_BadMetricsPortAndLogFormat_NamesBoth()
    {
        using var data = new TempDirectory("metrics-bad");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--metrics-port", "70000", "--log-format", "xml", "--otlp-endpoint", "collector:4317"]));

        Assert.Contains(ex.Failures, f => f.Contains("Telemetry:MetricsPort", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Logging:Format", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Telemetry:OtlpEndpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Executable_JsonLogsAndMetricsPort_EveryLineIsJsonAndMetricsAreServed()
    {
        using var data = new TempDirectory("metrics-process");
        var port = TelemetryEngine.FreePort();
        await using var engine = await EngineProcess.StartAsync(
            data.Path, output, "--log-format", "json", "--metrics-port", port.ToString(CultureInfo.InvariantCulture));
        using var http = new HttpClient();

        var scrape = await MetricsScrape.GetAsync(http, port);

        Assert.Contains("neuron_checkpoint_age_seconds", scrape.Text, StringComparison.Ordinal);
        var lines = engine.Lines.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("EventId", out _), line);
        }

        var listening = Assert.Single(lines, l => l.Contains("NeuronEngine listening on", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(listening);
        Assert.Equal("Information", document.RootElement.GetProperty("LogLevel").GetString());
        Assert.True(document.RootElement.GetProperty("State").TryGetProperty("Addresses", out _));
    }
}
