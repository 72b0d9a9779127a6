using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;

namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>A real engine in-process on 127.0.0.1 over a data directory it does not own, so a test can stop it and start another on the same port.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private TestEngine(WebApplication app, string address, int port)
    {
        this.app = app;
        Address = address;
        Port = port;
    }

    public string Address { get; }

    public int Port { get; }

    public static async Task<TestEngine> StartAsync(string dataDir, int port = 0, params string[] extra)
    {
        var app = EngineHost.Build(
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--data-dir", dataDir, "--trainer", "off", .. extra],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var address = EngineHost.GetAddresses(app).Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        return new TestEngine(app, address, new Uri(address).Port);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}
