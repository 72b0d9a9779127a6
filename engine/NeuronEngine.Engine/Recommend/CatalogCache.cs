using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Engine.Recommend;

/// <summary>
/// Each tenant's catalog in memory: which items are active and their attributes, for Recommend's exclusions and
/// filters. Loaded from the registry on first use (once, however many calls ask at the same time), then kept current
/// by the catalog service's writes.
/// </summary>
/// <remarks>
/// An item the catalog does not know is recommendable (a tenant need not upload a catalog), but never matches an
/// attribute filter. Every change bumps the tenant's generation, which keys the exclude masks built from it.
/// A load that fails (a registry busy past its timeout) is not kept: the calls that shared it see its exception, and
/// the next call loads again.
/// </remarks>
/// <remarks>
/// Cluster mode: a write through another replica makes this one forget the tenant's catalog
/// (<see cref="Cluster.ClusterInvalidations"/>); the next call loads it again, with a new generation.
/// </remarks>
internal sealed class CatalogCache
{
    private const string Kind = "catalog";

    private readonly ICatalogStore store;
    private readonly Cluster.ClusterInvalidations? cluster;
    private long invalidations;

    public CatalogCache(ICatalogStore store, IOptions<LimitsOptions>? limits = null, Cluster.ClusterInvalidations? cluster = null)
    {
        this.store = store;
        this.cluster = cluster;
        maxItems = limits?.Value.CatalogItems ?? default;
        cluster?.On(Kind, Forget);
    }

    /// <summary><see cref="LimitsOptions.MaxCatalogItems"/>: the catalog is held here whole, inactive items included.</summary>
    private readonly CountLimit maxItems;

    private readonly ConcurrentDictionary<string, TenantCatalog> tenants = new(StringComparer.Ordinal);

    // Only the load in flight, shared by the calls that arrive while it runs; removed when it ends, whatever its outcome.
    private readonly ConcurrentDictionary<string, Lazy<TenantCatalog>> loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> writeLocks = new(StringComparer.Ordinal);

    public TenantCatalog Get(string tenant) => tenants.TryGetValue(tenant, out var catalog) ? catalog : Load(tenant);

    /// <summary>
    /// Commits a catalog write to the registry and applies it to the cache under one per-tenant lock, so concurrent
    /// writes reach the cache in the order they were committed. <paramref name="commit"/> sees the catalog as it is
    /// before the write.
    /// </summary>
    /// <remarks>The cache is loaded first: a load racing the write could otherwise read the registry before it.</remarks>
    private T Write<T>(string tenant, Func<TenantCatalog, T> commit, Action<TenantCatalog> apply)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(apply);
        var catalog = Get(tenant);
        lock (writeLocks.GetOrAdd(tenant, _ => new object()))
        {
            var result = commit(catalog);
            apply(catalog);
            cluster?.Publish(Kind, tenant);
            return result;
        }
    }

    /// <summary>
    /// UpsertItems: writes the items and applies them here. Refused whole (RESOURCE_EXHAUSTED) when the items it adds
    /// would take the tenant past <see cref="LimitsOptions.MaxCatalogItems"/>; items it only replaces add nothing.
    /// </summary>
    /// <remarks>
    /// The count is the cached catalog's, which holds every stored item: the check runs under the tenant's write lock,
    /// after the store has validated the batch and before it writes, so concurrent upserts cannot pass the limit together.
    /// </remarks>
    public int Upsert(string tenant, IReadOnlyList<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Write(tenant, catalog => store.Upsert(tenant, items, () =>
        {
            if (maxItems.IsSet)
            {
                var added = catalog.CountNew(items);
                if (!maxItems.Allows(catalog.Count, added))
                {
                    throw maxItems.Reached(tenant, string.Create(CultureInfo.InvariantCulture,
                        $"it has {catalog.Count} catalog items and the call adds {added} new ones (items it replaces do not count); deleted items are kept and count too"));
                }
            }
        }), catalog => catalog.Upsert(items));
    }

    /// <summary>DeleteItems: marks the items inactive in the store and here; unknown ids are ignored.</summary>
    public int Deactivate(string tenant, IReadOnlyList<string> itemIds) =>
        Write(tenant, _ => store.Delete(tenant, itemIds), catalog => catalog.Deactivate(itemIds));

    /// <summary>Forgets one tenant's catalog, or every tenant's (null): another replica wrote it.</summary>
    private void Forget(string? tenant)
    {
        Interlocked.Increment(ref invalidations);
        if (tenant is null)
        {
            tenants.Clear();
        }
        else
        {
            tenants.TryRemove(tenant, out _);
        }
    }

    private TenantCatalog Load(string tenant)
    {
        var load = loads.GetOrAdd(tenant, t => new Lazy<TenantCatalog>(() =>
        {
            // A load that finished between this call's miss and now must not be replaced: writes may have reached it.
            if (tenants.TryGetValue(t, out var loaded))
            {
                return loaded;
            }

            // Nor may a load that read the store before another replica's write was announced be kept.
            var before = Volatile.Read(ref invalidations);
            var fresh = TenantCatalog.Load(store.EnumerateItems(t, activeOnly: false));
            return Volatile.Read(ref invalidations) == before ? tenants.GetOrAdd(t, fresh) : fresh;
        }));
        try
        {
            return load.Value;
        }
        finally
        {
            loads.TryRemove(KeyValuePair.Create(tenant, load));
        }
    }
}
