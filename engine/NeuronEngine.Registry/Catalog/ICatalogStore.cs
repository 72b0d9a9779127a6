namespace NeuronEngine.Registry.Catalog;

/// <summary>Catalog items per tenant: batch upserts, soft deletes, lookups and paged listing.</summary>
/// <remarks>
/// Served by <see cref="CatalogStore"/> (SQLite, single node) or <see cref="RedisCatalogStore"/> (cluster mode).
/// Thread-safe. A batch is validated completely, then written in one transaction: all of it or none.
/// </remarks>
public interface ICatalogStore
{
    /// <summary>
    /// Inserts or replaces up to 10,000 items, all or nothing. Throws InvalidArgument naming the first bad field
    /// (<c>items</c>, <c>items[i].item_id</c>, <c>items[i].attributes["key"]</c>); returns the number written.
    /// </summary>
    /// <param name="tenant">Whose catalog.</param>
    /// <param name="items">The items; no id twice.</param>
    /// <param name="admit">
    /// Called once the batch is valid and before anything is written; a throw refuses the whole batch (the engine checks
    /// its catalog limit here, against the count it keeps in memory).
    /// </param>
    int Upsert(string tenant, IReadOnlyList<CatalogItem> items, Action? admit = null);

    /// <summary>
    /// Marks items inactive so they are never recommended again. Unknown ids are ignored; returns how many of the
    /// named items exist (each counted once, whether or not it was already inactive).
    /// </summary>
    int Delete(string tenant, IReadOnlyList<string> itemIds);

    /// <summary>Returns one item, active or not. Throws InvalidArgument (<c>item_id</c>) or NotFound.</summary>
    CatalogItem Get(string tenant, string itemId);

    /// <summary>
    /// Returns one page of items (active and inactive) in item_id order. <paramref name="pageSize"/> is 1–1000,
    /// null for 100; <paramref name="pageToken"/> is empty for the first page, else a token from the previous page.
    /// Throws InvalidArgument (<c>page_size</c>, <c>page_token</c>).
    /// </summary>
    /// <remarks>
    /// The token is the last item_id seen, so paging is stable under concurrent writes: every item that exists
    /// throughout the walk is returned exactly once. item_id order is the order of their UTF-8 bytes.
    /// </remarks>
    CatalogPage List(string tenant, int? pageSize = null, string? pageToken = null);

    /// <summary>
    /// Streams a tenant's items in item_id order, by default only active ones, for building an in-memory catalog.
    /// </summary>
    /// <remarks>Enumerate once, promptly: see the implementation for what a long enumeration holds or sees.</remarks>
    IEnumerable<CatalogItem> EnumerateItems(string tenant, bool activeOnly = true);

    /// <summary>All of a tenant's active items in item_id order.</summary>
    IReadOnlyList<CatalogItem> LoadActiveItems(string tenant);
}
