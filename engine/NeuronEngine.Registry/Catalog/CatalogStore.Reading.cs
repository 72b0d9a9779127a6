namespace NeuronEngine.Registry.Catalog;

public sealed partial class CatalogStore
{
    /// <inheritdoc/>
    public CatalogPage List(string tenant, int? pageSize = null, string? pageToken = null)
    {
        RegistryRules.RequireTenant(tenant);
        var size = CatalogPageToken.Size(pageSize);
        var after = CatalogPageToken.Decode(pageToken);
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {Columns} FROM catalog_items
            WHERE tenant = $tenant AND ($after IS NULL OR item_id > $after)
            ORDER BY item_id LIMIT $limit
            """).With("$tenant", tenant).With("$after", after).With("$limit", size + 1);
        using var reader = command.ExecuteReader();
        var items = new List<CatalogItem>(Math.Min(size + 1, 1024));
        while (reader.Read())
        {
            items.Add(ReadItem(reader));
        }

        if (items.Count <= size)
        {
            return new CatalogPage(items, string.Empty);
        }

        items.RemoveAt(size);
        return new CatalogPage(items, CatalogPageToken.Encode(items[^1].ItemId));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Enumeration holds one read connection and a snapshot until it finishes or is disposed; in WAL mode writers
    /// keep going meanwhile. Enumerate once, promptly.
    /// </remarks>
    public IEnumerable<CatalogItem> EnumerateItems(string tenant, bool activeOnly = true)
    {
        RegistryRules.RequireTenant(tenant);
        return Enumerate(tenant, activeOnly);
    }

    /// <inheritdoc/>
    public IReadOnlyList<CatalogItem> LoadActiveItems(string tenant) => [.. EnumerateItems(tenant, activeOnly: true)];

    private IEnumerable<CatalogItem> Enumerate(string tenant, bool activeOnly)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {Columns} FROM catalog_items
            WHERE tenant = $tenant AND ($activeOnly = 0 OR active = 1)
            ORDER BY item_id
            """).With("$tenant", tenant).With("$activeOnly", activeOnly ? 1 : 0);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadItem(reader);
        }
    }
}
