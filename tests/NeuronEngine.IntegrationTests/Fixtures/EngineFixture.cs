using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>
/// One real engine per test class, in-process on Kestrel at 127.0.0.1:0 over real gRPC, with its own data directory.
/// Tests isolate themselves by tenant (<see cref="NewTenant"/>), so they can share it.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private readonly TempDirectory data = new("engine");
    private WebApplication? app;

    public string Address { get; private set; } = "";

    public string DataDir => data.Path;

    public WebApplication App => app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        app = EngineHost.Build(
            // Test classes sharing the engine back up more than once in a row.
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--Engine:CheckpointInterval", "00:00:05", "--trainer", "off", "--Limits:BackupMinInterval", "0"],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Address = EngineHost.GetAddresses(app).Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>Clients that send <paramref name="tenant"/> (or no tenant metadata when null).</summary>
    public EngineClients Clients(string? tenant) => new(Address, tenant);

    /// <summary>A tenant no other test uses.</summary>
    public static string NewTenant(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }

        data.Dispose();
    }
}
