using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<ServingEndpoint> ListServingEndpoints()
    {
        using var connection = database.Open();
        using var command = connection.Command(null, """
            SELECT e.tenant, e.endpoint, e.owner_tenant, e.family, e.version, v.artifact_path
            FROM model_endpoints e
            JOIN model_versions v ON v.tenant = e.owner_tenant AND v.family = e.family AND v.version = e.version
            WHERE e.status IN ($inService, $updating, $failed)
            ORDER BY e.tenant, e.endpoint
            """).With("$inService", (int)ModelEndpointStatus.InService).With("$updating", (int)ModelEndpointStatus.Updating)
            .With("$failed", (int)ModelEndpointStatus.Failed);
        using var reader = command.ExecuteReader();
        var serving = new List<ServingEndpoint>();
        while (reader.Read())
        {
            serving.Add(new ServingEndpoint(reader.GetString(0), reader.GetString(1), ReadVersionRef(reader, 2)!.Value, reader.GetString(5)));
        }

        return serving;
    }

    /// <inheritdoc/>
    public void RecordServingLoad(string tenant, string endpoint, string? error)
    {
        RegistryRules.RequireTenant(tenant);
        using var connection = database.Open();
        using var command = connection.Command(null, error is not null
            ? "UPDATE model_endpoints SET status = $failed, since = $now, last_error = $error WHERE tenant = $tenant AND endpoint = $endpoint AND version IS NOT NULL"
            : "UPDATE model_endpoints SET status = $inService, since = $now, last_error = NULL WHERE tenant = $tenant AND endpoint = $endpoint AND status = $failed");
        command.With("$failed", (int)ModelEndpointStatus.Failed).With("$inService", (int)ModelEndpointStatus.InService)
            .With("$now", time.GetUtcNow().UtcTicks).With("$error", error is null ? null : Truncate(error))
            .With("$tenant", tenant).With("$endpoint", endpoint).ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IReadOnlyList<PromotionTicket> RecoverInterruptedPromotions()
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        List<(string Tenant, EndpointPromotion Promotion)> interrupted;
        using (var command = connection.Command(transaction, $"""
            SELECT {PromotionColumns} FROM model_promotions
            WHERE result IS NULL
              AND EXISTS (SELECT 1 FROM model_endpoints e WHERE e.status = $updating AND e.tenant = model_promotions.tenant
                          AND e.endpoint = model_promotions.endpoint AND e.promotion_id = model_promotions.promotion_id)
            ORDER BY promotion_id
            """).With("$updating", (int)ModelEndpointStatus.Updating))
        {
            interrupted = ReadPromotions(command);
        }

        var tickets = new List<PromotionTicket>(interrupted.Count);
        foreach (var (tenant, promotion) in interrupted)
        {
            Finish(connection, transaction, tenant, promotion, succeeded: false, RestartedError, InterruptedDuration(promotion, now), now);
            var artifactPath = ArtifactPathFor(promotion.Target.Family, promotion.Target.Version);
            tickets.Add(new PromotionTicket(promotion.PromotionId, tenant, promotion.Endpoint, promotion.Target, artifactPath, promotion.Previous, promotion.Requested));
        }

        transaction.Commit();
        return tickets;
    }
}
