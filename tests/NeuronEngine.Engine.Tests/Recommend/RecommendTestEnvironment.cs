using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Recommend;

/// <summary>
/// The real Recommend path on a random model (300 items × 8, seeded) in a temp directory: counters with users whose
/// histories have 1 to 50 interactions, a registry-backed catalog, a model host serving version 1.
/// </summary>
internal sealed class RecommendTestEnvironment : IDisposable
{
    public const string Tenant = "acme";
    public const int Items = 300;
    public const int Users = 24;
    private const int Dimensions = 8;

    private readonly TempDirectory dir = new("recommend");
    private readonly RegistryDatabase registry;

    public RecommendTestEnvironment()
    {
        Counters = new CounterStore(new CounterOptions { Directory = dir.Combine("counters"), LogMemorySizeBytes = 1 << 24, PageSizeBytes = 1 << 20, IndexSizeBytes = 1 << 20 },
            NullLogger<CounterStore>.Instance, TimeProvider.System);
        Counters.Recover();
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var events = Enumerable.Range(0, Users).SelectMany(u => Enumerable.Range(0, 1 + (u * 7 % 50))
            .Select(i => new TrackedEvent(null, UserId(u), ItemId(random.Next(Items)), i % 3 == 0 ? "purchase" : "click", (byte)(1 + (i % 5)), now - (i * 60_000_000L), [])));
        Counters.Apply(new EventBatch(Tenant, now, [.. events]), new LogPosition(1));

        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = dir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        Catalogs = new CatalogCache(new CatalogStore(registry, TimeProvider.System));
        var inference = Options.Create(new InferenceOptions { Provider = "cpu", IntraOpThreads = 1, WarmupRuns = 1 });
        Host = new ModelHost(new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance), NullLogger<ModelHost>.Instance);
        Promote(1);
    }

    public CounterStore Counters { get; }

    public CatalogCache Catalogs { get; }

    public ModelHost Host { get; }

    public static string UserId(int user) => "u" + user;

    public static string ItemId(int item) => "item-" + item;

    /// <summary>Writes a random model (seeded by <paramref name="version"/>) and makes it what production serves.</summary>
    public void Promote(int version)
    {
        var random = new Random(version);
        var embeddings = new float[Items * Dimensions];
        for (var i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var artifact = dir.Combine("v" + version);
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(embeddings, Items, Dimensions), [.. Enumerable.Range(0, Items).Select(ItemId)],
            new ModelManifest { Items = Items, Dimensions = Dimensions, Serving = new ServingParameters { HistoryLength = 50 } });
        Host.PromoteAsync(Tenant, Engine.Recommend.Recommender.Production, new VersionKey(Tenant, "recs", version), artifact, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
    }

    public InferenceBatcher Batcher(bool enabled = true, int maxBatch = 16) =>
        new(Options.Create(new RecommendBatchingOptions { Enabled = enabled, MaxBatch = maxBatch }));

    public Engine.Recommend.Recommender Recommender(InferenceBatcher batcher) => new(Host, Counters, Catalogs, batcher, TimeProvider.System);

    /// <summary>The mask a Recommend call without a filter uses: the same cached object, so the same batch queue.</summary>
    public static ExcludeMask UnfilteredMask(LoadedModel model, TenantCatalog catalog) =>
        model.GetMask(Tenant, "", catalog.Generation, () => throw new InvalidOperationException("no Recommend call built the mask yet"));

    public void Dispose()
    {
        Host.Dispose();
        Counters.Dispose();
        registry.Dispose();
        dir.Dispose();
    }
}
