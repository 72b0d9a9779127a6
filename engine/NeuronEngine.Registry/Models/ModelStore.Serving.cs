namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <summary>
    /// Every endpoint of every tenant that serves a version (InService, Updating with a previous version still serving,
    /// or Failed to load it last time — a restart tries again), ordered by tenant and endpoint: what the engine loads at
    /// start so a restart serves exactly what was promoted.
    /// </summary>
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

    /// <summary>
    /// Records how loading an endpoint's version at start went: with an error the endpoint is FAILED (it serves
    /// nothing until the version loads or another is promoted) with <c>last_error</c> set; without one, an endpoint
    /// that had failed is IN_SERVICE again. The version it should serve is kept either way.
    /// </summary>
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

    /// <summary>
    /// Call once at start, before loading <see cref="ListServingEndpoints"/>: every endpoint a crash left Updating goes
    /// back to what it served (InService, or None), and its promotion is recorded as failed with
    /// <see cref="RestartedError"/>. Returns those promotions (empty when the last run ended cleanly).
    /// </summary>
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
            var durationMs = Math.Max(0, (long)(now - promotion.Requested).TotalMilliseconds);
            Finish(connection, transaction, tenant, promotion, succeeded: false, RestartedError, durationMs, now);
            var artifactPath = ArtifactPathFor(promotion.Target.Family, promotion.Target.Version);
            tickets.Add(new PromotionTicket(promotion.PromotionId, tenant, promotion.Endpoint, promotion.Target, artifactPath, promotion.Previous, promotion.Requested));
        }

        transaction.Commit();
        return tickets;
    }
}
