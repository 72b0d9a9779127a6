using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Server.Recommend;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// The whole Recommend path in-process (history lookup → model inputs → inference with top-k → seen filtering →
/// response) against a bare ONNX Runtime run of the same model with the same inputs, for a user with 50 interactions.
/// </summary>
[MemoryDiagnoser]
public class RecommendPathBenchmarks
{
    private const string Tenant = "bench";
    private const int Dimensions = 64;
    private const int History = 50;
    private string directory = "";
    private CounterStore counters = null!;
    private RegistryDatabase registry = null!;
    private ModelHost host = null!;
    private Recommender recommender = null!;
    private LoadedModel model = null!;
    private readonly RecommendRequest request = new() { UserId = "user-1", Count = 10 };
    private long[] items = [];
    private float[] weights = [];
    private ExcludeMask mask = null!;
    private readonly int[] indices = new int[History + 10];
    private readonly float[] scores = new float[History + 10];

    [Params(100_000, 1_000_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "neuron-bench-recommend-" + Guid.NewGuid().ToString("N"));
        var random = new Random(11);
        var embeddings = new float[Items * Dimensions];
        for (var i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var ids = Enumerable.Range(0, Items).Select(i => "item-" + i).ToArray();
        var artifact = Path.Combine(directory, "artifact");
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(embeddings, Items, Dimensions), ids,
            new ModelManifest { Items = Items, Dimensions = Dimensions, Serving = new ServingParameters { HistoryLength = History } });
        embeddings = [];

        counters = new CounterStore(new CounterOptions { Directory = Path.Combine(directory, "counters") }, NullLogger<CounterStore>.Instance, TimeProvider.System);
        counters.Recover();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var events = Enumerable.Range(0, History).Select(i => new TrackedEvent(null, "user-1", ids[random.Next(Items)], "click", 5, now - (i * 1_000_000L), [])).ToArray();
        counters.Apply(new EventBatch(Tenant, now, events), new LogPosition(1));

        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = Path.Combine(directory, "registry.db") }), NullLogger<RegistryDatabase>.Instance);
        var inference = Options.Create(new InferenceOptions { Provider = "cpu" });
        host = new ModelHost(new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance), NullLogger<ModelHost>.Instance);
        host.PromoteAsync(Tenant, Recommender.Production, new VersionKey(Tenant, "bench", 1), artifact, CancellationToken.None).GetAwaiter().GetResult();
        recommender = new Recommender(host, counters, new CatalogCache(new CatalogStore(registry, TimeProvider.System)), TimeProvider.System);

        // The bare run gets exactly the inputs the path builds: the user's 50 items, their weights, k = count + seen.
        model = host.Acquire(Tenant, Recommender.Production)!;
        var history = counters.GetHistory(Tenant, "user-1");
        items = [.. history.Select(h => (long)model.Vocabulary.Indices[h.ItemId])];
        weights = [.. history.Select(h => (float)h.Weight)];
        mask = new ExcludeMask(new bool[Items]);
        if (recommender.Recommend(Tenant, request).Items.Count != 10)
        {
            throw new InvalidOperationException("the path did not recommend 10 items");
        }
    }

    [Benchmark(Baseline = true)]
    public int BareOnnxRuntimeRun()
    {
        model.Run(items, weights, items.Length, 10 + items.Length, mask, indices, scores);
        return indices[0];
    }

    [Benchmark]
    public int RecommendPath() => recommender.Recommend(Tenant, request).Items.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        model.Release();
        host.Dispose();
        counters.Dispose();
        registry.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
