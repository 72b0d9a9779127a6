using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Benchmarks.Registry;

/// <summary>Catalog writes and pages against a real SQLite file in a temp directory.</summary>
[MemoryDiagnoser]
public class CatalogStoreBenchmarks
{
    private const int BatchSize = 10_000;

    private string directory = "";
    private RegistryDatabase? database;
    private ICatalogStore? store;
    private List<CatalogItem> batch = [];
    private int tenantCounter;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "neuron-bench-registry-" + Guid.NewGuid().ToString("N"));
        database = new RegistryDatabase(
            Options.Create(new RegistryOptions { DatabasePath = Path.Combine(directory, "registry.db") }),
            NullLogger<RegistryDatabase>.Instance);
        store = new CatalogStore(database, TimeProvider.System);
        batch = Enumerable.Range(0, BatchSize)
            .Select(i => new CatalogItem($"item-{i:D6}", new Dictionary<string, string> { ["category"] = $"c{i % 50}", ["brand"] = $"b{i % 7}" }))
            .ToList();
        store.Upsert("existing", batch);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        database?.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>10,000 new items in one call (fresh tenant each time, so every row is an insert).</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int UpsertNew10k() => store!.Upsert($"t{Interlocked.Increment(ref tenantCounter)}", batch);

    /// <summary>10,000 items that all exist already (every row takes the update path).</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int UpsertExisting10k() => store!.Upsert("existing", batch);

    /// <summary>One page of 1,000 items from the middle of the catalog.</summary>
    [Benchmark]
    public int ListPage1000() => store!.List("existing", 1000, "AWl0ZW0tMDA1MDAw").Items.Count;
}
