using System.Diagnostics;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    /// <summary>
    /// Readers race the writer on the same few users while histories grow (copy-updates), fill and shift
    /// (in-place updates), and checkpoints run. Every event's item, type and weight are a function of its
    /// timestamp, so a torn history shows up as an entry that breaks the function, a wrong order or a count
    /// that goes backwards.
    /// </summary>
    [Fact]
    public async Task GetHistory_ConcurrentWithApplyAndCheckpoints_NeverTornOrInvalid()
    {
        const int historyLength = 24;
        using var fx = new StoreFixture(o => o.HistoryLength = historyLength);
        var store = fx.Open();
        string[] users = ["hot-0", "hot-1", "hot-2"];
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        long reads = 0;

        void Reader()
        {
            var lastCount = new int[users.Length];
            var lastNewest = new long[users.Length];
            var buffer = new HistoryEntry[historyLength];
            while (!stop.IsCancellationRequested)
            {
                for (var u = 0; u < users.Length; u++)
                {
                    var count = store.GetHistory("t1", users[u], buffer);
                    var problem = Check(buffer.AsSpan(0, count), historyLength, lastCount[u], lastNewest[u]);
                    if (problem is not null)
                    {
                        lock (failures)
                        {
                            failures.Add(users[u] + ": " + problem);
                        }

                        stop.Cancel();
                        return;
                    }

                    lastCount[u] = count;
                    lastNewest[u] = count == 0 ? 0 : buffer[0].TimestampMicros;
                    var stats = store.GetStats("t1");
                    if (stats.TotalEvents != stats.EventsByType.Values.Sum())
                    {
                        lock (failures)
                        {
                            failures.Add("stats are not one snapshot");
                        }
                    }

                    Interlocked.Increment(ref reads);
                }
            }
        }

        // Dedicated threads: spinning readers on pool threads would starve the checkpoint's I/O continuations on 2 cores.
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(Reader, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var watch = Stopwatch.StartNew();
        long ts = 0;
        var batches = 0;
        var checkpoints = 0;

        // At least 3 s and 2 checkpoints, at most 20 s: a checkpoint can take a second while the pool warms up.
        while ((watch.Elapsed < TimeSpan.FromSeconds(3) || checkpoints < 2) && watch.Elapsed < TimeSpan.FromSeconds(20) && !stop.IsCancellationRequested)
        {
            var events = new TrackedEvent[20];
            for (var i = 0; i < events.Length; i++)
            {
                ts++;
                events[i] = EventAt(users[(int)(ts % users.Length)], ts);
            }

            fx.Apply(store, Batch(events));
            if (++batches % 50 == 0)
            {
                await store.CheckpointAsync().WaitAsync(Timeout);
                checkpoints++;
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers).WaitAsync(Timeout);

        Assert.Empty(failures);
        Assert.True(reads > 0);
        Assert.True(checkpoints >= 2, $"checkpoints {checkpoints}, batches {batches}, reads {reads}");
    }

    private static TrackedEvent EventAt(string user, long ts)
        => Ev(user, "item-" + (ts % 37), (ts % 3) switch { 0 => "view", 1 => "click", _ => "buy" }, (byte)((ts % 100) + 1), ts);

    private static string? Check(ReadOnlySpan<HistoryEntry> history, int historyLength, int lastCount, long lastNewest)
    {
        if (history.Length < lastCount || history.Length > historyLength)
        {
            return $"count {history.Length} after {lastCount}";
        }

        if (history.Length > 0 && history[0].TimestampMicros < lastNewest)
        {
            return $"newest went back from {lastNewest} to {history[0].TimestampMicros}";
        }

        for (var i = 0; i < history.Length; i++)
        {
            var e = history[i];
            var expected = EventAt("any", e.TimestampMicros);
            if (e.ItemId != expected.ItemId || e.Type != expected.Type || e.Weight != expected.Weight)
            {
                return $"entry {i} is torn: {e}";
            }

            if (i > 0 && history[i - 1].TimestampMicros <= e.TimestampMicros)
            {
                return $"entries {i - 1} and {i} out of order";
            }
        }

        return null;
    }
}
