using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Operations.Readiness;

/// <summary>The one structured line per recovery: checkpoint used, bytes and events replayed, torn bytes cut, time.</summary>
[Collection(ProcessTests.Name)]
public sealed class RecoveryEventTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Restart_TornTailAfterCleanStop_OneLineWithCheckpointAndTornBytes()
    {
        using var data = new TempDirectory("recovery-event");
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "shop");
            await EventTypesAsync(c);
            await c.Events.TrackAsync(Batch(Event("u1", "i1"), Event("u1", "i2"))).Within();
            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        // Seven bytes of a record header that never finished: a torn tail.
        var segment = Directory.EnumerateFiles(Path.Combine(data.Path, "events"), "*.seg").Order(StringComparer.Ordinal).Last();
        var end = new FileInfo(segment).Length;
        await using (var stream = new FileStream(segment, FileMode.Append))
        {
            await stream.WriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7 });
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            var line = Assert.Single(engine.Lines, l => l.Contains("Recovered:", StringComparison.Ordinal));
            // The clean stop checkpointed every batch; after the checkpoint the log holds only the close's witness (an
            // empty group header recording the last fsync), which replays as bytes but no batches.
            var logPosition = end - 32;
            var replay = System.Text.RegularExpressions.Regex.Match(line, @"checkpoint at log position (\d+), replayed 0 batches \(0 events, (\d+) log bytes\) up to (\d+)");
            Assert.True(replay.Success, line);
            Assert.Equal(logPosition, long.Parse(replay.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(logPosition, long.Parse(replay.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + long.Parse(replay.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Matches("checkpoint used [0-9a-f]{32}, torn bytes cut 7, in [0-9]+ ms", line);
            using var c = new EngineClients(engine.Address, "shop");
            Assert.Equal(2, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
        }
    }
}
