using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>
/// A real engine in-process on 127.0.0.1:0 with training options a test can wait out (a short StopWait, a small
/// dataset cap, optionally a short lease), and no trainer of its own: the tests act as the trainer.
/// </summary>
public abstract class TrainingEngine(params string[] options) : IAsyncLifetime
{
    private readonly TempDirectory data = new("training");
    private WebApplication? app;

    /// <summary>Largest dataset the engine accepts, in bytes (set small so the cap can be tested).</summary>
    public const long MaxDatasetBytes = 64 * 1024;

    public string Address { get; private set; } = "";

    public string DataDir => data.Path;

    /// <summary>The token trainers must present, as the engine wrote it at start.</summary>
    public string Token => File.ReadAllText(Path.Combine(DataDir, "trainer.token")).Trim();

    public async Task InitializeAsync()
    {
        app = EngineHost.Build(
            [
                "--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--Engine:CheckpointInterval", "00:00:05", "--trainer", "off",
                "--Trainer:Mode", "off", "--Training:StopWait", "00:00:01", "--Training:MaxDatasetBytes", $"{MaxDatasetBytes}", .. options,
            ],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Address = EngineHost.GetAddresses(app).Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    public EngineClients Clients(string? tenant) => new(Address, tenant);

    public TestTrainer Trainer(string id = "test-trainer", string? token = null) => new(Address, token ?? Token, id);

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
