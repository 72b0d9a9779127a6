using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Engine.Recommend;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// The real Recommend path in-process for benchmarks: a random 64-dimension model written with
/// <see cref="PooledHistoryGraph"/>, loaded by the real loader and host (2 intra-op threads), users with 50
/// interactions each in the real counters, and a <see cref="Recommender"/> with the given batching options.
/// </summary>
public sealed class RecommendEnvironment : IDisposable
{
    public const string Tenant = "bench";
    public const int Dimensions = 64;
    public const int History = 50;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "neuron-bench-recommend-" + Guid.NewGuid().ToString("N"));
    private readonly CounterStore counters;
    private readonly RegistryDatabase registry;
    private readonly ModelHost host;

    /// <param name="meters">When given, the Recommender times its stages with instruments from it (telemetry benchmarks).</param>
    /// <param name="scoring">The graph's scoring precision; null picks what the trainer's <c>auto</c> would.</param>
    /// <param name="interactions">Events per user, each on a random item (the model feeds the newest <see cref="History"/> distinct ones).</param>
    public RecommendEnvironment(int items, int users, RecommendBatchingOptions batching, System.Diagnostics.Metrics.IMeterFactory? meters = null, ScoringPrecision? scoring = null, int interactions = History)
    {
        var random = new Random(11);
        var embeddings = new float[items * Dimensions];
        for (var i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var ids = Enumerable.Range(0, items).Select(i => "item-" + i).ToArray();
        var artifact = Path.Combine(directory, "artifact");
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(embeddings, items, Dimensions, scoring: scoring ?? ScoringPrecisions.Auto(items, Dimensions)), ids,
            new ModelManifest { Items = items, Dimensions = Dimensions, Serving = new ServingParameters { HistoryLength = History } });

        counters = new CounterStore(new CounterOptions { Directory = Path.Combine(directory, "counters") }, NullLogger<CounterStore>.Instance, TimeProvider.System);
        counters.Recover();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var events = Enumerable.Range(0, users)
            .SelectMany(u => Enumerable.Range(0, interactions).Select(i => new TrackedEvent(null, UserId(u), ids[random.Next(items)], "click", 5, now - (i * 1_000_000L), [])))
            .ToArray();
        counters.Apply(new EventBatch(Tenant, now, events), new LogPosition(1));

        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = Path.Combine(directory, "registry.db") }), NullLogger<RegistryDatabase>.Instance);
        var inference = Options.Create(new InferenceOptions { Provider = "cpu" });
        host = new ModelHost(new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance), NullLogger<ModelHost>.Instance);
        host.PromoteAsync(Tenant, Recommender.Production, new VersionKey(Tenant, "bench", 1), artifact, CancellationToken.None).GetAwaiter().GetResult();
        Recommender = new Recommender(host, counters, new CatalogCache(new CatalogStore(registry, TimeProvider.System)), new InferenceBatcher(Options.Create(batching)), TimeProvider.System,
            meters is null ? null : new Engine.Telemetry.RecommendMetrics(meters));
        Model = host.Acquire(Tenant, Recommender.Production)!;
    }

    internal Recommender Recommender { get; }

    internal CounterStore Counters => counters;

    /// <summary>A reference on the served model, for bare runs.</summary>
    public LoadedModel Model { get; }

    public static string UserId(int user) => "user-" + user;

    /// <summary>A row with exactly the inputs the path builds for <paramref name="user"/>: 50 items, their weights, k = count + seen.</summary>
    public InferenceRow RowFor(int user, int count)
    {
        var history = counters.GetHistory(Tenant, UserId(user));
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            row.Items[i] = Model.Vocabulary.TryGetIndex(history[i].ItemId, out var index) ? index : throw new InvalidOperationException(history[i].ItemId);
            row.Weights[i] = history[i].Weight;
        }

        row.Length = history.Count;
        row.SetK(count + history.Select(h => h.ItemId).Distinct().Count());
        return row;
    }

    public void Dispose()
    {
        Model.Release();
        host.Dispose();
        counters.Dispose();
        registry.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
