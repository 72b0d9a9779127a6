using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

public sealed partial class TemplateStore
{
    /// <summary>Returns the template's status; throws NotFound when the tenant has no such template.</summary>
    private static TemplateStatus ReadStatus(SqliteConnection connection, SqliteTransaction transaction, string tenant, string id)
    {
        using var command = connection.Command(transaction, "SELECT status FROM templates WHERE tenant = $tenant AND template_id = $id")
            .With("$tenant", tenant).With("$id", id);
        return command.ExecuteScalar() is long status ? (TemplateStatus)status : throw NotFound(id);
    }

    private static void RequireKnownTypes(SqliteConnection connection, SqliteTransaction transaction, string tenant, IReadOnlyList<SignalSpec> signals)
    {
        using var command = connection.Command(transaction, "SELECT 1 FROM event_types WHERE tenant = $tenant AND type = $type");
        var tenantParameter = command.Parameters.AddWithValue("$tenant", tenant);
        var typeParameter = command.Parameters.Add("$type", SqliteType.Text);
        RequireKnownTypes(signals, type =>
        {
            typeParameter.Value = type;
            return command.ExecuteScalar() is not null;
        });
    }

    private static void InsertSignals(SqliteConnection connection, SqliteTransaction transaction, string tenant, string id, IReadOnlyList<SignalSpec> signals)
    {
        using var command = connection.Command(transaction, """
            INSERT INTO template_signals (tenant, template_id, ordinal, type, weight, frozen_weight, threshold)
            VALUES ($tenant, $id, $ordinal, $type, $weight, NULL, $threshold)
            """);
        command.With("$tenant", tenant).With("$id", id);
        var ordinal = command.Parameters.Add("$ordinal", SqliteType.Integer);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var weight = command.Parameters.Add("$weight", SqliteType.Integer);
        var threshold = command.Parameters.Add("$threshold", SqliteType.Integer);
        for (var i = 0; i < signals.Count; i++)
        {
            ordinal.Value = i;
            type.Value = signals[i].Type;
            weight.Value = signals[i].Weight is { } w ? w : DBNull.Value;
            threshold.Value = signals[i].Threshold;
            command.ExecuteNonQuery();
        }
    }

    private static Template? Read(SqliteConnection connection, SqliteTransaction transaction, string tenant, string id)
    {
        var found = ReadMany(connection, transaction, tenant, id, null);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Reads templates (one when <paramref name="id"/> is set) with their signals in two queries.</summary>
    private static List<Template> ReadMany(SqliteConnection connection, SqliteTransaction transaction, string tenant, string? id, TemplateStatus? status)
    {
        const string Filter = "t.tenant = $tenant AND ($id IS NULL OR t.template_id = $id) AND ($status IS NULL OR t.status = $status)";
        var signals = new Dictionary<string, List<TemplateSignal>>(StringComparer.Ordinal);
        using (var command = connection.Command(transaction, $"""
            SELECT s.template_id, s.type, s.weight, s.frozen_weight, e.weight, s.threshold
            FROM template_signals s
            JOIN templates t ON t.tenant = s.tenant AND t.template_id = s.template_id
            LEFT JOIN event_types e ON e.tenant = s.tenant AND e.type = s.type
            WHERE {Filter}
            ORDER BY s.template_id, s.ordinal
            """).With("$tenant", tenant).With("$id", id).With("$status", (int?)status))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var own = reader.GetNullableInt32(2);
                var effective = reader.GetNullableInt32(3) ?? own ?? reader.GetNullableInt32(4);
                var signal = new TemplateSignal(reader.GetString(1), effective, own is null, reader.GetInt64(5));
                var templateId = reader.GetString(0);
                if (!signals.TryGetValue(templateId, out var list))
                {
                    signals[templateId] = list = [];
                }

                list.Add(signal);
            }
        }

        var templates = new List<Template>();
        using (var command = connection.Command(transaction, $"""
            SELECT t.template_id, t.name, t.min_total_events, t.tag_filter, t.status, t.created, t.updated, t.published
            FROM templates t WHERE {Filter} ORDER BY t.template_id
            """).With("$tenant", tenant).With("$id", id).With("$status", (int?)status))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var templateId = reader.GetString(0);
                templates.Add(new Template(
                    templateId,
                    reader.GetString(1),
                    signals.TryGetValue(templateId, out var list) ? list : [],
                    reader.GetInt64(2),
                    reader.GetString(3),
                    (TemplateStatus)reader.GetInt32(4),
                    reader.GetTimestamp(5),
                    reader.GetTimestamp(6),
                    reader.GetNullableTimestamp(7)));
            }
        }

        return templates;
    }
}
