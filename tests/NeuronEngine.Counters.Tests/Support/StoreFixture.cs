using NeuronEngine.EventLog;

namespace NeuronEngine.Counters.Tests.Support;

/// <summary>A temp directory and the means to open (and reopen) a small <see cref="CounterStore"/> in it.</summary>
public sealed class StoreFixture : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly List<CounterStore> stores = [];
    private long position;

    public StoreFixture(Action<CounterOptions>? configure = null)
    {
        Options = new CounterOptions
        {
            Directory = directory.Path,
            IndexSizeBytes = 1 << 16,
            LogMemorySizeBytes = 1 << 23,
            PageSizeBytes = 1 << 18,
        };
        configure?.Invoke(Options);
    }

    public CounterOptions Options { get; }

    public RecordingLogger<CounterStore> Logger { get; } = new();

    public string Directory => directory.Path;

    /// <summary>Opens a store and recovers it.</summary>
    public CounterStore Open(out LogPosition recovered)
    {
        var store = new CounterStore(Options, Logger, TimeProvider.System);
        stores.Add(store);
        recovered = store.Recover();
        return store;
    }

    public CounterStore Open() => Open(out _);

    /// <summary>Applies a batch at the next made-up log position (100 bytes per batch).</summary>
    public void Apply(CounterStore store, EventBatch batch)
    {
        position = Math.Max(position, store.AppliedPosition.Offset) + 100;
        store.Apply(batch, new LogPosition(position));
    }

    public void Dispose()
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        directory.Dispose();
    }
}
