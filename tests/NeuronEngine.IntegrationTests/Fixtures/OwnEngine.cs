using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>
/// An in-process engine of one test class's own, for settings or services the shared <see cref="EngineFixture"/> does
/// not have: on loopback, a free port, no trainer, its own data directory.
/// </summary>
public sealed class OwnEngine : IAsyncDisposable
{
    private readonly WebApplication app;

    private OwnEngine(WebApplication app, TempDirectory data)
    {
        this.app = app;
        Data = data;
        Address = EngineHost.GetAddresses(app).Single();
    }

    public TempDirectory Data { get; }

    public string Address { get; }

    /// <summary>Starts an engine with <paramref name="extra"/> switches and <paramref name="configure"/> applied to its builder.</summary>
    public static async Task<OwnEngine> StartAsync(string name, string[] extra, Action<WebApplicationBuilder>? configure = null)
    {
        var data = new TempDirectory(name);
        var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", .. extra],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new OwnEngine(app, data);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await app.DisposeAsync();
        Data.Dispose();
    }
}
