using Microsoft.Data.Sqlite;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> ListAudit(string tenant, int limit = DefaultLimit)
    {
        RegistryRules.RequireTenant(tenant);
        CheckLimit(limit);
        using var connection = database.Open();
        using var command = connection.Command(null, """
            SELECT audit_id, at, actor, action, target, result FROM audit_log
            WHERE tenant = $tenant ORDER BY audit_id DESC LIMIT $limit
            """).With("$tenant", tenant).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetTimestamp(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return entries;
    }

    /// <summary>Appends to the audit log inside the caller's transaction, so the entry exists exactly when the change does.</summary>
    private static void WriteAudit(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, DateTimeOffset at, string actor, string action, string target, string result)
    {
        using var command = connection.Command(transaction, """
            INSERT INTO audit_log (tenant, audit_id, at, actor, action, target, result)
            VALUES ($tenant, (SELECT coalesce(max(audit_id), 0) + 1 FROM audit_log WHERE tenant = $tenant), $at, $actor, $action, $target, $result)
            """);
        command.With("$tenant", tenant).With("$at", at.UtcTicks).With("$actor", actor).With("$action", action)
            .With("$target", target).With("$result", result).ExecuteNonQuery();
    }
}
