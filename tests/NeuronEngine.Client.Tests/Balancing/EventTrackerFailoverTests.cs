using System.Collections.Concurrent;
using NeuronEngine.Client.Tests.Fixtures.Replicas;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Balancing;

/// <summary>The tracker over three replicas that share their deduplication, one of them killed while events flow.</summary>
public sealed class EventTrackerFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ReplicaSet replicas = new();

    public Task InitializeAsync() => replicas.InitializeAsync();

    public Task DisposeAsync() => replicas.DisposeAsync();

    [Fact]
    public async Task TrackAsync_ReplicaHoldingTheStreamKilled_EveryEventStoredOnce()
    {
        using var client = new NeuronClient(new NeuronClientOptions
        {
            Endpoints = replicas.Addresses,
            TrackerMaxBatch = 20,
            TrackerFlushInterval = TimeSpan.FromMilliseconds(5),
            TrackerMaxAttempts = 1000,
            TrackerInitialBackoff = TimeSpan.FromMilliseconds(20),
            TrackerMaxBackoff = TimeSpan.FromMilliseconds(200),
        });
        await using var tracker = client.CreateTracker();
        var tracked = new ConcurrentQueue<string>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A steady stream that goes on through the kill and for 1000 events after it.
        var producer = Task.Run(async () =>
        {
            var i = 0;
            while (!killed.Task.IsCompleted)
            {
                await TrackAsync(i++);
            }

            for (var after = 0; after < 1000; after++)
            {
                await TrackAsync(i++);
            }
        });

        // Mid-stream: the replica holding the tracker's stream dies with batches in flight.
        await WhenAsync(() => replicas.Ledger.Stored.Count >= 1000);
        var victim = replicas.Servers.Single(s => s.Replica.OpenStreams > 0);
        await victim.KillAsync();
        killed.SetResult();
        await producer.WaitAsync(Timeout);
        await tracker.FlushAsync().WaitAsync(Timeout);
        await tracker.DisposeAsync().AsTask().WaitAsync(Timeout);

        // A batch the victim stored but could not acknowledge is resent and reported as duplicates: stored once either way.
        Assert.Equal(0, tracker.Failed);
        Assert.Equal(tracked.Count, tracker.Sent + tracker.Duplicates);
        Assert.Equal(tracked.Order(), replicas.Ledger.Stored.Keys.Order());
        Assert.Contains(victim.Replica.Name, replicas.Ledger.Stored.Values);
        Assert.Contains(replicas.Ledger.Stored.Values, replica => replica != victim.Replica.Name);

        async Task TrackAsync(int i)
        {
            var e = new Event { UserId = $"u{i % 50}", ItemId = $"i{i % 200}", Type = "click" };
            await tracker.TrackAsync(e);
            tracked.Enqueue(e.EventId);
        }
    }

    private static async Task WhenAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), timeout.Token);
        }
    }
}
