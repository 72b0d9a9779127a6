using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.LoadTests.Tests.Fixtures;

/// <summary>
/// A real engine in-process on Kestrel at 127.0.0.1:0 with its own data directory, seeded once by the load
/// generator's own <c>setup</c> (small: 2,000 items, 200 users) so every scenario has something real to hit.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public const int Items = 2_000;
    public const int Users = 200;
    public const string Tenant = "loadtest";

    private readonly TempDirectory data = new("loadtests-engine");
    private WebApplication? app;

    public string Address { get; private set; } = "";

    public TempDirectory Output { get; } = new("loadtests-out");

    /// <summary>What setup printed.</summary>
    public string SetupOutput { get; private set; } = "";

    public int SetupExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        // The closed-loop ingest test measures throughput: the per-tenant rate limit (200k events/s by default) would
        // refuse it on a machine fast enough to exceed that, as the load scripts also lift it.
        app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--Limits:EventsPerSecond", "0"],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Address = EngineHost.GetAddresses(app).Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        using var output = new StringWriter();
        SetupExitCode = await NeuronEngine.LoadTests.Cli.LoadTestCommand.RunAsync(
            ["setup", "--target", Address, "--tenant", Tenant, "--items", $"{Items}", "--users", $"{Users}", "--events", "5000", "--dimensions", "16"],
            output).WaitAsync(TimeSpan.FromSeconds(120));
        SetupOutput = output.ToString();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }

        data.Dispose();
        Output.Dispose();
    }
}
