namespace NeuronEngine.Registry.Catalog;

/// <summary>One page of a tenant's catalog in item_id order.</summary>
/// <param name="Items">At most the requested page size.</param>
/// <param name="NextPageToken">Pass back to get the next page; empty when this is the last page.</param>
public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, string NextPageToken);
