using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Recommend;

public sealed class CatalogCacheTests : IDisposable
{
    private readonly TempDirectory dir = new("catalog-cache");
    private readonly RegistryDatabase registry;
    private readonly ICatalogStore store;

    public CatalogCacheTests()
    {
        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = dir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        store = new CatalogStore(registry, TimeProvider.System);
        store.Upsert("acme", [new CatalogItem("gone", new Dictionary<string, string>(), Active: false)]);
    }

    public void Dispose()
    {
        registry.Dispose();
        dir.Dispose();
    }

    /// <summary>
    /// Regression: the cache kept its first load in a <see cref="Lazy{T}"/>, so a registry that failed the tenant's
    /// first Recommend (busy past its timeout) failed every later call for that tenant until the engine restarted.
    /// </summary>
    [Fact]
    public void Get_FirstLoadFails_NextCallLoads()
    {
        var cache = new CatalogCache(store);
        using var admin = new SqliteConnection($"Data Source={registry.DatabasePath};Pooling=False");
        admin.Open();
        Execute(admin, "ALTER TABLE catalog_items RENAME TO catalog_items_away;");

        Assert.ThrowsAny<DbException>(() => cache.Get("acme"));

        Execute(admin, "ALTER TABLE catalog_items_away RENAME TO catalog_items;");
        var catalog = cache.Get("acme");

        Assert.False(catalog.IsActive("gone"));
        Assert.Same(catalog, cache.Get("acme"));
    }

    [Fact]
    public void Get_ConcurrentFirstCalls_ShareOneCatalog()
    {
        var cache = new CatalogCache(store);

        var catalogs = Enumerable.Range(0, 8).AsParallel().Select(_ => cache.Get("acme")).ToList();

        Assert.All(catalogs, c => Assert.Same(catalogs[0], c));
    }

    [Fact]
    public void Upsert_PastMaxCatalogItems_RefusedWholeWhileReplacingPasses()
    {
        // "acme" holds one (inactive) item already: deleted items are kept, and count.
        var cache = new CatalogCache(store, Options.Create(new LimitsOptions { MaxCatalogItems = 3 }));
        cache.Upsert("acme", [Item("a"), Item("b")]);

        var ex = Assert.Throws<NeuronException>(() => cache.Upsert("acme", [Item("a"), Item("c")]));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.StartsWith("Limits:MaxCatalogItems (3) reached for tenant \"acme\": it has 3 catalog items and the call adds 1 new ones", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, store.EnumerateItems("acme", activeOnly: false).Count());
        Assert.Equal(2, cache.Upsert("acme", [Item("a", "red"), Item("gone")]));
        Assert.True(cache.Get("acme").IsActive("gone"));
        Assert.Equal(1, cache.Upsert("globex", [Item("c")]));
    }

    [Fact]
    public void Upsert_InvalidBatchPastTheLimit_InvalidArgumentFirst()
    {
        var cache = new CatalogCache(store, Options.Create(new LimitsOptions { MaxCatalogItems = 1 }));

        var ex = Assert.Throws<NeuronException>(() => cache.Upsert("acme", [Item("a"), Item("a")]));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public async Task Upsert_ManyAtOnce_NeverPastTheLimit()
    {
        var cache = new CatalogCache(store, Options.Create(new LimitsOptions { MaxCatalogItems = 5 }));
        using var start = new Barrier(8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                return cache.Upsert("busy", [Item($"x{i}"), Item($"y{i}")]);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.ResourceExhausted)
            {
                return 0;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, outcomes.Count(n => n > 0));
        Assert.Equal(4, store.EnumerateItems("busy", activeOnly: false).Count());
        Assert.Equal(4, cache.Get("busy").Count);
    }

    private static CatalogItem Item(string id, string? color = null) =>
        new(id, color is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["color"] = color });

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
