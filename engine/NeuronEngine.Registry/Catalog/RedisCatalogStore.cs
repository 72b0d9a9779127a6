using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Catalog;

/// <summary>The Redis <see cref="ICatalogStore"/> of cluster mode.</summary>
/// <remarks>
/// <para>Keys: <c>{prefix}:catalog:{tenant}</c>, a hash from item_id to <c>1</c> (active) or <c>0</c> (inactive) followed
/// by the attributes' JSON object (<see cref="AttributeCodec"/>, keys sorted); <c>{prefix}:catalog-ids:{tenant}</c>, a
/// sorted set of every item_id at score 0, so ZRANGEBYLEX walks them in the order of their UTF-8 bytes, which is
/// SQLite's order of item_id. Items are never removed (a delete marks them inactive), so the two always hold the same
/// ids: both change in one MULTI/EXEC.</para>
/// <para>Reads walk the index in chunks and fetch each chunk's values with one HMGET; an enumeration is not one snapshot
/// (as SQLite's is): an item changed while it runs may be seen before or after the change, but every item that exists
/// throughout is returned exactly once.</para>
/// </remarks>
public sealed class RedisCatalogStore : ICatalogStore
{
    /// <summary>Items per HSET/ZADD of an upsert (an item may be 65 KB) and per chunk of a walk.</summary>
    private const int Chunk = 1000;

    private const char Active = '1';
    private const char Inactive = '0';

    private readonly RedisControlPlane plane;

    /// <param name="plane">The cluster's control plane.</param>
    /// <param name="time">Unused: no time is observable in the catalog; taken for the same shape as <see cref="CatalogStore"/>.</param>
    public RedisCatalogStore(RedisControlPlane plane, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(plane);
        ArgumentNullException.ThrowIfNull(time);
        this.plane = plane;
    }

    /// <inheritdoc/>
    public int Upsert(string tenant, IReadOnlyList<CatalogItem> items, Action? admit = null)
    {
        RegistryRules.RequireTenant(tenant);
        CatalogRules.ValidateBatch(items);
        if (items.Count == 0)
        {
            return 0;
        }

        admit?.Invoke();

        var values = new HashEntry[items.Count];
        var ids = new SortedSetEntry[items.Count];
        using (var codec = new AttributeCodec())
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                values[i] = new HashEntry(item.ItemId, Encode(item.Active, codec.Encode(item.Attributes)));
                ids[i] = new SortedSetEntry(item.ItemId, 0);
            }
        }

        var (valuesKey, idsKey) = Keys(tenant);
        plane.Transact(write =>
        {
            foreach (var chunk in values.Chunk(Chunk))
            {
                write.HashSet(valuesKey, chunk);
            }

            foreach (var chunk in ids.Chunk(Chunk))
            {
                write.SortedSetAdd(idsKey, chunk);
            }
        });

        return items.Count;
    }

    /// <inheritdoc/>
    public int Delete(string tenant, IReadOnlyList<string> itemIds)
    {
        RegistryRules.RequireTenant(tenant);
        CatalogRules.ValidateIds(itemIds);

        var distinct = itemIds.Distinct(StringComparer.Ordinal).Select(id => (RedisValue)id).ToArray();
        if (distinct.Length == 0)
        {
            return 0;
        }

        var (valuesKey, _) = Keys(tenant);
        return plane.Transact(write =>
        {
            var found = 0;
            var deactivated = new List<HashEntry>();
            var values = write.Read.HashGet(valuesKey, distinct);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].IsNull)
                {
                    continue;
                }

                found++;
                var value = (string)values[i]!;
                if (value.StartsWith(Active))
                {
                    deactivated.Add(new HashEntry(distinct[i], string.Concat([Inactive], value.AsSpan(1))));
                }
            }

            write.HashSet(valuesKey, [.. deactivated]);
            return found;
        });
    }

    /// <inheritdoc/>
    public CatalogItem Get(string tenant, string itemId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("item_id", FieldRules.ValidateId(itemId));

        var value = plane.Read(db => db.HashGet(Keys(tenant).Values, itemId));
        return value.IsNull ? throw CatalogStore.NotFound(itemId) : Decode(itemId, value);
    }

    /// <inheritdoc/>
    public CatalogPage List(string tenant, int? pageSize = null, string? pageToken = null)
    {
        RegistryRules.RequireTenant(tenant);
        var size = CatalogPageToken.Size(pageSize);
        var after = CatalogPageToken.Decode(pageToken);

        var items = ReadChunk(tenant, after, size + 1);
        if (items.Count <= size)
        {
            return new CatalogPage(items, string.Empty);
        }

        items.RemoveAt(size);
        return new CatalogPage(items, CatalogPageToken.Encode(items[^1].ItemId));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads 1000 items per step, two round trips each, and holds nothing in Redis between steps; items written while it
    /// runs may or may not be seen in their new state.
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
        string? after = null;
        while (true)
        {
            var chunk = ReadChunk(tenant, after, Chunk);
            foreach (var item in chunk)
            {
                if (!activeOnly || item.Active)
                {
                    yield return item;
                }
            }

            if (chunk.Count < Chunk)
            {
                yield break;
            }

            after = chunk[^1].ItemId;
        }
    }

    /// <summary>Up to <paramref name="count"/> items after <paramref name="after"/> (from the first when null), in item_id order.</summary>
    private List<CatalogItem> ReadChunk(string tenant, string? after, int count)
    {
        var (valuesKey, idsKey) = Keys(tenant);
        return plane.Read(db =>
        {
            var ids = after is null
                ? db.SortedSetRangeByValue(idsKey, take: count)
                : db.SortedSetRangeByValue(idsKey, after, default, Exclude.Start, take: count);
            var items = new List<CatalogItem>(ids.Length);
            if (ids.Length == 0)
            {
                return items;
            }

            var values = db.HashGet(valuesKey, ids);
            for (var i = 0; i < ids.Length; i++)
            {
                var itemId = (string)ids[i]!;
                items.Add(values[i].IsNull ? throw Unpaired(tenant, itemId) : Decode(itemId, values[i]));
            }

            return items;
        });
    }

    private (RedisKey Values, RedisKey Ids) Keys(string tenant) => (plane.Key("catalog", tenant), plane.Key("catalog-ids", tenant));

    private static RedisValue Encode(bool active, string attributes) => string.Concat([active ? Active : Inactive], attributes);

    private static CatalogItem Decode(string itemId, RedisValue value)
    {
        var text = (string)value!;
        return text.Length < 2 || text[0] is not (Active or Inactive)
            ? throw Damaged(itemId)
            : new CatalogItem(itemId, AttributeCodec.Decode(text[1..], itemId), text[0] == Active);
    }

    private static NeuronException Damaged(string itemId) =>
        NeuronException.DataLoss($"catalog item \"{RegistryRules.Shorten(itemId)}\" has an unreadable value in Redis");

    private static NeuronException Unpaired(string tenant, string itemId) =>
        NeuronException.DataLoss($"catalog item \"{RegistryRules.Shorten(itemId)}\" of tenant \"{tenant}\" is in the id index but has no value in Redis");
}
