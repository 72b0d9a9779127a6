using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>
/// A real engine in-process with its Prometheus endpoint on a free port, checkpointing every second, and every log
/// entry of the components under test recorded with its structured fields.
/// </summary>
public sealed class TelemetryEngine : IAsyncLifetime
{
    private readonly TempDirectory data = new("telemetry");
    private WebApplication? app;

    public string Address { get; private set; } = "";

    public int MetricsPort { get; private set; }

    public string DataDir => data.Path;

    public StructuredLogRecorder Logs { get; } = new();

    public HttpClient Http { get; } = new();

    public WebApplication App => app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        MetricsPort = FreePort();
        app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--Engine:CheckpointInterval", "00:00:01",
                "--metrics-port", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Logging.AddFilter("NeuronEngine.Server.Serving.Promoter", LogLevel.Information);
                builder.Logging.AddProvider(Logs);
            });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Address = EngineHost.GetAddresses(app).Single(a => new Uri(a).Port != MetricsPort);
    }

    public EngineClients Clients(string? tenant) => new(Address, tenant);

    public Task<MetricsScrape> ScrapeAsync() => MetricsScrape.GetAsync(Http, MetricsPort);

    /// <summary>A port nothing listens on right now (the OS's pick for an ephemeral bind).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }

        data.Dispose();
    }
}
