using Grpc.Core;
using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Client.Tracking;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests;

public sealed class EventTrackerTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static void FastRetries(NeuronClientOptions o)
    {
        o.TrackerMaxAttempts = 1000;
        o.TrackerInitialBackoff = TimeSpan.FromMilliseconds(20);
        o.TrackerMaxBackoff = TimeSpan.FromMilliseconds(200);
    }

    [Fact]
    public async Task TrackAsync_2500Events_AllCountedInAtLeastThreeBatches()
    {
        using var client = await engine.TenantWithClickAsync(o => o.TrackerMaxBatch = 1000);
        await using var tracker = client.CreateTracker();

        for (var i = 0; i < 2500; i++)
        {
            await tracker.TrackAsync(EngineFixture.Click(i)).AsTask().WaitAsync(Timeout);
        }

        await tracker.FlushAsync().WaitAsync(Timeout);
        var stats = await client.Events.GetStatsAsync().WaitAsync(Timeout);

        Assert.Equal(2500, stats.Total);
        Assert.Equal(2500, tracker.Sent);
        Assert.Equal(0, tracker.Duplicates);
        Assert.True(tracker.Batches >= 3, $"{tracker.Batches} batches");
    }

    [Fact]
    public async Task TrackAsync_EventWithoutId_AssignsAVersion7Id()
    {
        using var client = await engine.TenantWithClickAsync();
        await using var tracker = client.CreateTracker();
        var e = EngineFixture.Click(1);

        await tracker.TrackAsync(e).AsTask().WaitAsync(Timeout);

        Assert.Equal(7, Guid.ParseExact(e.EventId, "N").Version);
    }

    [Fact]
    public async Task TrackAsync_SameIdTwice_CountsOneDuplicate()
    {
        using var client = await engine.TenantWithClickAsync();
        await using var tracker = client.CreateTracker();
        var first = EngineFixture.Click(1);
        first.EventId = "fixed-id";

        await tracker.TrackAsync(first).AsTask().WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);
        await tracker.TrackAsync(first.Clone()).AsTask().WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);

        Assert.Equal(1, tracker.Sent);
        Assert.Equal(1, tracker.Duplicates);
        Assert.Equal(1, (await client.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
    }

    [Fact]
    public async Task DisposeAsync_BufferedEvents_AllSent()
    {
        using var client = await engine.TenantWithClickAsync(o => o.TrackerFlushInterval = TimeSpan.FromMinutes(10));
        var tracker = client.CreateTracker();
        for (var i = 0; i < 120; i++)
        {
            await tracker.TrackAsync(EngineFixture.Click(i)).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(0, tracker.Sent);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(120, tracker.Sent);
        Assert.Equal(120, (await client.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => tracker.TrackAsync(EngineFixture.Click(1)).AsTask()).WaitAsync(Timeout);
    }

    [Fact]
    public async Task TrackAsync_InvalidEvent_ReportsFailureAndKeepsSending()
    {
        using var client = await engine.TenantWithClickAsync(o => o.TrackerMaxBatch = 10);
        await using var tracker = client.CreateTracker();
        var failures = new List<TrackFailedEventArgs>();
        tracker.BatchFailed += (_, e) => { lock (failures) { failures.Add(e); } };

        await tracker.TrackAsync(new Event { UserId = "u1", ItemId = "i1", Type = "clik" }).AsTask().WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);
        for (var i = 0; i < 5; i++)
        {
            await tracker.TrackAsync(EngineFixture.Click(i)).AsTask().WaitAsync(Timeout);
        }

        await tracker.FlushAsync().WaitAsync(Timeout);

        var failure = Assert.Single(failures);
        Assert.Equal(StatusCode.InvalidArgument, failure.Error.StatusCode);
        Assert.Equal("events[0].type", failure.Error.Field);
        Assert.Equal(1, tracker.Failed);
        Assert.Equal(5, tracker.Sent);
    }

    [Fact]
    public async Task TrackAsync_EngineRestartedOnSameDataDir_RetriesWithSameIdsAndCountsExactly()
    {
        using var data = new TempDirectory("client-restart");
        var first = await TestEngine.StartAsync(data.Path);
        var port = first.Port;
        using var client = EngineFixture.ClientFor(first.Address, EngineFixture.NewTenant(), FastRetries);
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);
        await using var tracker = client.CreateTracker();
        var events = Enumerable.Range(0, 300).Select(EngineFixture.Click).ToList();
        foreach (var e in events.Take(100))
        {
            await tracker.TrackAsync(e).AsTask().WaitAsync(Timeout);
        }

        await tracker.FlushAsync().WaitAsync(Timeout);
        await first.DisposeAsync();

        // The engine is down: these fail and are retried until the next engine is up.
        foreach (var e in events.Skip(100))
        {
            await tracker.TrackAsync(e).AsTask().WaitAsync(Timeout);
        }

        await Task.Delay(300);
        await using var second = await TestEngine.StartAsync(data.Path, port);
        await tracker.FlushAsync().WaitAsync(Timeout);

        // Resending already stored events, as a retry after a lost acknowledgement would, only counts duplicates.
        foreach (var e in events.Take(150))
        {
            await tracker.TrackAsync(e.Clone()).AsTask().WaitAsync(Timeout);
        }

        await tracker.FlushAsync().WaitAsync(Timeout);
        var stats = await client.Events.GetStatsAsync().WaitAsync(Timeout);

        Assert.Equal(300, stats.Total);
        Assert.Equal(300, tracker.Sent);
        Assert.Equal(150, tracker.Duplicates);
        Assert.Equal(0, tracker.Failed);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task TrackAsync_BufferFullWhileEngineDown_WaitsUntilItDrains()
    {
        using var data = new TempDirectory("client-backpressure");
        var first = await TestEngine.StartAsync(data.Path);
        var port = first.Port;
        using var client = EngineFixture.ClientFor(first.Address, EngineFixture.NewTenant(), o =>
        {
            FastRetries(o);
            o.TrackerMaxBuffered = 4;
            o.TrackerMaxBatch = 2;
        });
        await client.EventTypes.CreateAsync("click", "Click", 3).WaitAsync(Timeout);
        await first.DisposeAsync();
        await using var tracker = client.CreateTracker();

        // 20 events cannot fit in 4 buffered plus 2 in flight, so tracking them all needs the engine.
        var tracking = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await tracker.TrackAsync(EngineFixture.Click(i));
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(tracking.IsCompleted);

        await using var second = await TestEngine.StartAsync(data.Path, port);
        await tracking.WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);

        Assert.Equal(20, tracker.Sent);
        Assert.Equal(20, (await client.Events.GetStatsAsync().WaitAsync(Timeout)).Total);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);
    }
}
