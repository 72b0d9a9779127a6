using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;

namespace NeuronEngine.Benchmarks.Counters;

/// <summary>
/// The counters' two hot paths: applying a 500-event batch (Zipf-ish users and items, so a few hot histories
/// take most updates in place) and reading a user's history of 50 or 200 entries.
/// </summary>
[MemoryDiagnoser]
public class CounterStoreBenchmarks
{
    private const string Tenant = "bench";
    private readonly HistoryEntry[] buffer = new HistoryEntry[200];
    private string directory = string.Empty;
    private CounterStore store = null!;
    private EventBatch[] batches = [];
    private int next;
    private long position;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "neuron-bench-counters-" + Guid.NewGuid().ToString("N"));
        store = new CounterStore(new CounterOptions { Directory = directory, HistoryLength = 200 }, NullLogger<CounterStore>.Instance, TimeProvider.System);
        store.Recover();

        var random = new Random(1);
        batches = Enumerable.Range(0, 64).Select(b => new EventBatch(Tenant, b, Enumerable.Range(0, 500).Select(i => new TrackedEvent(
            null,
            "user-" + Zipf(random, 100_000),
            "item-" + Zipf(random, 20_000),
            i % 5 == 0 ? "buy" : "view",
            (byte)(i % 5 == 0 ? 10 : 1),
            (b * 500L) + i,
            [])).ToArray())).ToArray();

        for (var i = 0; i < 200; i++)
        {
            var e50 = i < 50 ? new[] { new TrackedEvent(null, "user-50", "item-" + i, "view", 1, i, []) } : [];
            Apply(new EventBatch(Tenant, 0, [.. e50, new TrackedEvent(null, "user-200", "item-" + i, "view", 1, i, [])]));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public void ApplyBatchOf500() => Apply(batches[next++ % batches.Length]);

    [Benchmark]
    public int GetHistory50() => store.GetHistory(Tenant, "user-50", buffer);

    [Benchmark]
    public int GetHistory200() => store.GetHistory(Tenant, "user-200", buffer);

    private void Apply(EventBatch batch)
    {
        position += 1000;
        store.Apply(batch, new LogPosition(position));
    }

    // Rank r with probability about 1/r: a few users and items are hot, most are cold.
    private static int Zipf(Random random, int n) => (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n)));
}
