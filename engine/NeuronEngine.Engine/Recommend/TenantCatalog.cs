using System.Collections.Concurrent;
using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Engine.Recommend;

/// <summary>One tenant's catalog in memory. Readers and the catalog service's writers run concurrently.</summary>
internal sealed class TenantCatalog
{
    /// <summary>Generations come from one counter for every catalog: a catalog loaded again (cluster mode, after another replica wrote) never repeats a generation an older copy had, so masks of the old copy are stale.</summary>
    private static long lastGeneration;

    private readonly ConcurrentDictionary<string, CatalogItem> items = new(StringComparer.Ordinal);
    private long generation = Interlocked.Increment(ref lastGeneration);

    /// <summary>Looks items up by a span of their id: a model's vocabulary holds its ids as spans, not strings.</summary>
    private readonly ConcurrentDictionary<string, CatalogItem>.AlternateLookup<ReadOnlySpan<char>> byName;

    private TenantCatalog() => byName = items.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Changes on every write; exclude masks built from an older generation are stale.</summary>
    public long Generation => Volatile.Read(ref generation);

    public static TenantCatalog Load(IEnumerable<CatalogItem> items)
    {
        var catalog = new TenantCatalog();
        foreach (var item in items)
        {
            catalog.items[item.ItemId] = item;
        }

        return catalog;
    }

    /// <summary>Every item the tenant has stored, inactive ones included.</summary>
    public int Count => items.Count;

    /// <summary>How many of <paramref name="batch"/>'s ids (distinct, as a valid batch's are) the catalog does not hold yet.</summary>
    public int CountNew(IReadOnlyList<CatalogItem> batch)
    {
        var added = 0;
        foreach (var item in batch)
        {
            added += items.ContainsKey(item.ItemId) ? 0 : 1;
        }

        return added;
    }

    /// <summary>True unless the catalog marks the item inactive.</summary>
    public bool IsActive(ReadOnlySpan<char> itemId) => !byName.TryGetValue(itemId, out var item) || item.Active;

    /// <summary>True when the item is recommendable and has every attribute of <paramref name="filter"/> with the same value.</summary>
    public bool Matches(ReadOnlySpan<char> itemId, IReadOnlyDictionary<string, string> filter)
    {
        if (!byName.TryGetValue(itemId, out var item))
        {
            return filter.Count == 0;
        }

        if (!item.Active)
        {
            return false;
        }

        foreach (var (key, value) in filter)
        {
            if (!item.Attributes.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public void Upsert(IReadOnlyList<CatalogItem> changed)
    {
        foreach (var item in changed)
        {
            items[item.ItemId] = item;
        }

        Volatile.Write(ref generation, Interlocked.Increment(ref lastGeneration));
    }

    public void Deactivate(IReadOnlyList<string> itemIds)
    {
        foreach (var id in itemIds)
        {
            if (items.TryGetValue(id, out var item))
            {
                items[id] = item with { Active = false };
            }
        }

        Volatile.Write(ref generation, Interlocked.Increment(ref lastGeneration));
    }
}
