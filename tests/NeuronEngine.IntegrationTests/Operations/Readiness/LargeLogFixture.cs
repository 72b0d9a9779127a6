using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Readiness;

/// <summary>
/// A data directory whose event log holds <see cref="Events"/> events and no counters checkpoint (the engine was
/// SIGKILLed, and never checkpointed), so every start replays the whole log. Tests start engines on copies of it.
/// </summary>
public sealed class LargeLogFixture : IAsyncLifetime
{
    public const string Tenant = "big";
    public const int Batches = 400;
    public const int EventsPerBatch = 1000;
    public const int Events = Batches * EventsPerBatch;

    private readonly TempDirectory template = new("large-log");

    public async Task InitializeAsync()
    {
        await using var engine = await EngineProcess.StartAsync(template.Path, null, "--Engine:CheckpointInterval", "01:00:00", "--durability", "interval:50");
        using var c = new EngineClients(engine.Address, Tenant);
        await Seed.EventTypesAsync(c);
        var next = -1;
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var b = Interlocked.Increment(ref next); b < Batches; b = Interlocked.Increment(ref next))
            {
                var batch = new TrackRequest();
                for (var i = 0; i < EventsPerBatch; i++)
                {
                    var n = (b * EventsPerBatch) + i;
                    batch.Events.Add(Seed.Event($"user-{n % 20_000}", $"item-{n % 3000}", "view"));
                }

                await c.Events.TrackAsync(batch).Within();
            }
        }));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(3));

        // A flush point, then no shutdown: the restart has no checkpoint and replays every event.
        var stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(Events, stats.Total);
        await Task.Delay(200);
        engine.Kill();
        await engine.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(Path.Combine(template.Path, "counters", "meta")) && Directory.EnumerateFiles(Path.Combine(template.Path, "counters", "meta"), "*.json").Any());
    }

    /// <summary>A copy of the data directory, for one engine to start on.</summary>
    public TempDirectory Copy()
    {
        var copy = new TempDirectory("large-log-copy");
        foreach (var file in Directory.EnumerateFiles(template.Path, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(template.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public Task DisposeAsync()
    {
        template.Dispose();
        return Task.CompletedTask;
    }
}
