using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

/// <summary>The SQLite <see cref="ICatalogStore"/> of single-node mode.</summary>
/// <remarks>
/// Thread-safe. An upsert batch is validated completely, then written in one transaction through one prepared
/// statement re-bound per item, so 10,000 items cost one commit rather than 10,000.
/// </remarks>
public sealed partial class CatalogStore : ICatalogStore
{
    /// <summary>The page size used when the caller sets none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page size accepted.</summary>
    public const int MaxPageSize = 1000;

    private const string Columns = "item_id, attributes, active";

    private readonly RegistryDatabase database;
    private readonly TimeProvider time;

    public CatalogStore(RegistryDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
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

        using var codec = new AttributeCodec();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.Command(transaction, """
            INSERT INTO catalog_items (tenant, item_id, attributes, active, updated)
            VALUES ($tenant, $id, $attributes, $active, $now)
            ON CONFLICT (tenant, item_id) DO UPDATE
            SET attributes = excluded.attributes, active = excluded.active, updated = excluded.updated
            """);
        command.With("$tenant", tenant).With("$now", time.GetUtcNow().UtcTicks);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var attributes = command.Parameters.Add("$attributes", SqliteType.Text);
        var active = command.Parameters.Add("$active", SqliteType.Integer);
        command.Prepare();
        foreach (var item in items)
        {
            id.Value = item.ItemId;
            attributes.Value = codec.Encode(item.Attributes);
            active.Value = item.Active ? 1 : 0;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return items.Count;
    }

    /// <inheritdoc/>
    public int Delete(string tenant, IReadOnlyList<string> itemIds)
    {
        RegistryRules.RequireTenant(tenant);
        CatalogRules.ValidateIds(itemIds);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.Command(transaction, """
            UPDATE catalog_items SET active = 0, updated = CASE active WHEN 1 THEN $now ELSE updated END
            WHERE tenant = $tenant AND item_id = $id
            """);
        command.With("$tenant", tenant).With("$now", time.GetUtcNow().UtcTicks);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        command.Prepare();
        var found = 0;
        foreach (var itemId in itemIds.Distinct(StringComparer.Ordinal))
        {
            id.Value = itemId;
            found += command.ExecuteNonQuery();
        }

        transaction.Commit();
        return found;
    }

    /// <inheritdoc/>
    public CatalogItem Get(string tenant, string itemId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("item_id", FieldRules.ValidateId(itemId));

        using var connection = database.Open();
        using var command = connection.Command(null, $"SELECT {Columns} FROM catalog_items WHERE tenant = $tenant AND item_id = $id")
            .With("$tenant", tenant).With("$id", itemId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadItem(reader) : throw NotFound(itemId);
    }

    internal static NeuronException NotFound(string itemId) => NeuronException.NotFound($"item \"{RegistryRules.Shorten(itemId)}\" not found");

    private static CatalogItem ReadItem(SqliteDataReader reader)
    {
        var itemId = reader.GetString(0);
        return new CatalogItem(itemId, AttributeCodec.Decode(reader.GetString(1), itemId), reader.GetInt64(2) != 0);
    }
}
