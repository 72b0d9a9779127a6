using System.Collections.Concurrent;
using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Server.Recommend;

/// <summary>
/// Each tenant's catalog in memory: which items are active and their attributes, for Recommend's exclusions and
/// filters. Loaded from the registry on first use, then kept current by the catalog service's writes.
/// </summary>
/// <remarks>
/// An item the catalog does not know is recommendable (a tenant need not upload a catalog), but never matches an
/// attribute filter. Every change bumps the tenant's generation, which keys the exclude masks built from it.
/// </remarks>
internal sealed class CatalogCache(CatalogStore store)
{
    private readonly ConcurrentDictionary<string, TenantCatalog> tenants = new(StringComparer.Ordinal);

    public TenantCatalog Get(string tenant) => tenants.GetOrAdd(tenant, t => TenantCatalog.Load(store.EnumerateItems(t, activeOnly: false)));

    /// <summary>Applies items the registry has just stored.</summary>
    /// <remarks>Goes through <see cref="Get"/>: a load racing the write may have read the registry before it, so the write is applied either way.</remarks>
    public void Upserted(string tenant, IReadOnlyList<CatalogItem> items) => Get(tenant).Upsert(items);

    /// <summary>Marks items the registry has just made inactive.</summary>
    public void Deactivated(string tenant, IReadOnlyList<string> itemIds) => Get(tenant).Deactivate(itemIds);
}
