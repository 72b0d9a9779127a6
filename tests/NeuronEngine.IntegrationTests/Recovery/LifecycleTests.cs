using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Recovery;

[Collection(ProcessTests.Name)]
public sealed class LifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_FlushesCheckpointsAndExitsZero_RestartReplaysNothing()
    {
        using var data = new TempDirectory("sigterm");
        EventStats before;
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "life");
            await Seed.EventTypesAsync(c);
            await c.Events.TrackAsync(Seed.Batch([.. Enumerable.Range(0, 50).Select(i => Seed.Event($"u{i % 5}", $"i{i}", id: $"e{i}"))])).Within();
            before = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();

            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(engine.Lines, l => l.Contains("counters checkpointed", StringComparison.Ordinal));
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            // The shutdown checkpoint covers the whole log, so nothing is replayed.
            Assert.Contains(engine.Lines, l => l.Contains("replayed 0 batches", StringComparison.Ordinal));
            using var c = new EngineClients(engine.Address, "life");
            Assert.Equal(before, await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within());
            Assert.Equal(3, (await c.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within()).EventTypes.Count);
        }
    }

    [Fact]
    public async Task Sigterm_WithOpenTrackStream_AcknowledgedKeptCallEndsUnavailableExitZero()
    {
        using var data = new TempDirectory("sigterm-stream");
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "life");
            await Seed.EventTypesAsync(c);
            using var call = c.Events.TrackStream();
            for (var b = 0; b < 5; b++)
            {
                await call.RequestStream.WriteAsync(Seed.Batch([.. Enumerable.Range(0, 10).Select(i => Seed.Event($"u{i}", $"i{b}", id: $"b{b}-{i}"))]));
                Assert.True(await call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
                Assert.Equal(10, call.ResponseStream.Current.Accepted);
            }

            engine.Terminate();
            var ex = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
            Assert.Equal(Grpc.Core.StatusCode.Unavailable, ex.StatusCode);
            Assert.Contains("shutting down", ex.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "life");
            Assert.Equal(50, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
        }
    }

    [Theory]
    [InlineData("--port", "70000", "Engine:Port")]
    [InlineData("--durability", "sometimes", "EventLog:Durability")]
    [InlineData("--Engine:MaxBatchEvents", "0", "Engine:MaxBatchEvents")]
    [InlineData("--Counters:HistoryLength", "0", "HistoryLength")]
    [InlineData("--Inference:Provider", "cuda", "Inference:Provider=cuda but CUDA is not available")]
    [InlineData("--port", "abc", "Engine:Port")]
    [InlineData("--metrics-port", "abc", "Telemetry:MetricsPort")]
    [InlineData("--console-port", "70000", "Console:Port")]
    [InlineData("--otlp-endpoint", "collector", "Telemetry:OtlpEndpoint")]
    [InlineData("--auth", "sometimes", "Auth:Mode")]
    [InlineData("--authz", "required", "unknown option --authz")]
    [InlineData("--durabilty", "none", "unknown option --durabilty")]
    [InlineData("--EventLog:Durabilty", "none", "EventLog:Durabilty is not a setting")]
    public async Task Start_BadConfiguration_OneLineAndExitCode2(string option, string value, string named)
    {
        using var data = new TempDirectory("config");
        await using var engine = EngineProcess.Launch(data.Path, output, option, value);
        Assert.Equal(2, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(engine.Lines, l => l.Contains("invalid configuration", StringComparison.Ordinal));
        Assert.Contains(named, line, StringComparison.Ordinal);

        // Refused before anything touched the data directory.
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task Start_CorruptRecordMidSegment_RefusesNamingSegmentAndOffset_RepairStarts()
    {
        using var data = new TempDirectory("corrupt");
        await using (var engine = await EngineProcess.StartAsync(data.Path, output))
        {
            using var c = new EngineClients(engine.Address, "corrupt");
            await Seed.EventTypesAsync(c);
            for (var b = 0; b < 20; b++)
            {
                await c.Events.TrackAsync(Seed.Batch([.. Enumerable.Range(0, 20).Select(i => Seed.Event($"u{i}", $"i{b}"))])).Within();
            }

            engine.Terminate();
            Assert.Equal(0, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var segment = Directory.GetFiles(Path.Combine(data.Path, "events"), "*.seg").Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(segment, bytes);

        await using (var engine = EngineProcess.Launch(data.Path, output))
        {
            Assert.Equal(3, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var line = Assert.Single(engine.Lines, l => l.Contains("cannot start", StringComparison.Ordinal));
            Assert.Contains(Path.GetFileName(segment), line, StringComparison.Ordinal);
            Assert.Contains("offset", line, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("repair", line, StringComparison.OrdinalIgnoreCase);
        }

        await using (var engine = await EngineProcess.StartAsync(data.Path, output, "--repair-log", "true"))
        {
            using var c = new EngineClients(engine.Address, "corrupt");
            var stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
            Assert.InRange(stats.Total, 0, 399);
        }
    }
}
