using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

public sealed partial class TemplateStore
{
    /// <inheritdoc/>
    public Template Publish(string tenant, string templateId)
    {
        ValidateKey(tenant, templateId);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ReadStatus(connection, transaction, tenant, templateId) == TemplateStatus.Published)
        {
            throw AlreadyPublished(templateId);
        }

        var missing = new List<string>();
        using (var command = connection.Command(transaction, """
            SELECT s.type FROM template_signals s
            LEFT JOIN event_types e ON e.tenant = s.tenant AND e.type = s.type
            WHERE s.tenant = $tenant AND s.template_id = $id AND e.type IS NULL
            ORDER BY s.ordinal
            """).With("$tenant", tenant).With("$id", templateId))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count > 0)
        {
            throw TypesGone(templateId, missing);
        }

        using (var command = connection.Command(transaction, """
            UPDATE template_signals
            SET frozen_weight = coalesce(weight,
                (SELECT e.weight FROM event_types e WHERE e.tenant = template_signals.tenant AND e.type = template_signals.type))
            WHERE tenant = $tenant AND template_id = $id
            """))
        {
            command.With("$tenant", tenant).With("$id", templateId).ExecuteNonQuery();
        }

        var now = time.GetUtcNow().UtcTicks;
        using (var command = connection.Command(transaction, """
            UPDATE templates SET status = $status, published = $now, updated = $now
            WHERE tenant = $tenant AND template_id = $id
            """))
        {
            command.With("$tenant", tenant).With("$id", templateId).With("$status", (int)TemplateStatus.Published)
                .With("$now", now).ExecuteNonQuery();
        }

        var published = Read(connection, transaction, tenant, templateId)!;
        transaction.Commit();
        return published;
    }
}
