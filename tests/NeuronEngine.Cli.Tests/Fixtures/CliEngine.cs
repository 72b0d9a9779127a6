using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Fixtures;

/// <summary>
/// One real engine process with its trainer sidecar for the whole CLI test run; every test works in its own tenant.
/// </summary>
public sealed class CliEngine : IAsyncLifetime
{
    private readonly TempDirectory data = new("cli");
    private EngineProcess? engine;

    /// <summary>The engine's gRPC address.</summary>
    public string Endpoint => engine?.Address ?? throw new InvalidOperationException("the engine has not started");

    /// <summary>The engine's data directory (for tests that look at files it wrote).</summary>
    public string DataDir => data.Path;

    /// <summary>A tenant no other test uses.</summary>
    public static string NewTenant() => $"cli-{Guid.NewGuid():N}"[..20];

    /// <summary>Runs <c>neuron</c> in-process against this engine as <paramref name="tenant"/>.</summary>
    public Task<CliResult> RunAsync(string tenant, params string[] args) =>
        CliRunner.RunAsync([.. args, "--endpoint", Endpoint, "--tenant", tenant]);

    // The admin tests back up more than once in a row.
    public async Task InitializeAsync() => engine = await EngineProcess.StartAsync(data.Path, null, "--trainer", "sidecar", "--Limits:BackupMinInterval", "0");

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        data.Dispose();
    }
}
