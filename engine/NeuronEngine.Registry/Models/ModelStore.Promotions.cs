using Microsoft.Data.Sqlite;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    private const string PromotionColumns =
        "tenant, endpoint, promotion_id, owner_tenant, family, version, prev_owner_tenant, prev_family, prev_version, " +
        "actor, requested, finished, result, error, duration_ms";

    /// <inheritdoc/>
    public IReadOnlyList<EndpointPromotion> ListPromotions(string tenant, string? endpoint = null, int limit = DefaultLimit)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        CheckLimit(limit);
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {PromotionColumns} FROM model_promotions
            WHERE tenant = $tenant AND endpoint = $endpoint ORDER BY promotion_id DESC LIMIT $limit
            """).With("$tenant", tenant).With("$endpoint", name).With("$limit", limit);
        return [.. ReadPromotions(command).Select(p => p.Promotion)];
    }

    /// <inheritdoc/>
    public VersionRef? PreviousServedVersion(string tenant, string? endpoint = null)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        if (ReadEndpoint(connection, transaction, tenant, name).Serving is not { } current)
        {
            return null;
        }

        using var command = connection.Command(transaction, """
            SELECT owner_tenant, family, version FROM model_promotions
            WHERE tenant = $tenant AND endpoint = $endpoint AND result = $succeeded
              AND NOT (owner_tenant = $owner AND family = $family AND version = $version)
            ORDER BY promotion_id DESC LIMIT 1
            """).With("$tenant", tenant).With("$endpoint", name).With("$succeeded", (int)PromotionResult.Succeeded)
            .With("$owner", current.Family.OwnerTenant).With("$family", current.Family.Name).With("$version", current.Version);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadVersionRef(reader, 0) : null;
    }

    private static (string Tenant, EndpointPromotion Promotion)? FindPromotion(SqliteConnection connection, SqliteTransaction transaction, long promotionId)
    {
        using var command = connection.Command(transaction, $"SELECT {PromotionColumns} FROM model_promotions WHERE promotion_id = $id")
            .With("$id", promotionId);
        var found = ReadPromotions(command);
        return found.Count > 0 ? found[0] : null;
    }

    private static List<(string Tenant, EndpointPromotion Promotion)> ReadPromotions(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var promotions = new List<(string, EndpointPromotion)>();
        while (reader.Read())
        {
            promotions.Add((reader.GetString(0), new EndpointPromotion(
                reader.GetInt64(2),
                reader.GetString(1),
                ReadVersionRef(reader, 3)!.Value,
                ReadVersionRef(reader, 6),
                reader.GetString(9),
                reader.GetTimestamp(10),
                reader.GetNullableTimestamp(11),
                reader.IsDBNull(12) ? null : (PromotionResult)reader.GetInt32(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetInt64(14))));
        }

        return promotions;
    }

    /// <summary>Reads an endpoint with its served version's name and label and the target of a promotion in flight.</summary>
    private static ModelEndpoint ReadEndpoint(SqliteConnection connection, SqliteTransaction? transaction, string tenant, string name)
    {
        using var command = connection.Command(transaction, """
            SELECT e.owner_tenant, e.family, e.version, v.name, v.label, e.status, e.since, e.last_error,
                   p.owner_tenant, p.family, p.version
            FROM model_endpoints e
            LEFT JOIN model_versions v ON v.tenant = e.owner_tenant AND v.family = e.family AND v.version = e.version
            LEFT JOIN model_promotions p ON p.tenant = e.tenant AND p.endpoint = e.endpoint AND p.promotion_id = e.promotion_id
            WHERE e.tenant = $tenant AND e.endpoint = $endpoint
            """).With("$tenant", tenant).With("$endpoint", name);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return NoEndpoint(name);
        }

        var serving = ReadVersionRef(reader, 0);
        var status = (ModelEndpointStatus)reader.GetInt32(5);
        return new ModelEndpoint(
            name,
            serving?.Family,
            serving?.Version,
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            status,
            reader.GetTimestamp(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            status == ModelEndpointStatus.Updating ? ReadVersionRef(reader, 8) : null);
    }
}
