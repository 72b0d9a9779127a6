using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Recommend;

public sealed class CatalogCacheTests : IDisposable
{
    private readonly TempDirectory dir = new("catalog-cache");
    private readonly RegistryDatabase registry;
    private readonly CatalogStore store;

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

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
