using Microsoft.Data.Sqlite;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <inheritdoc/>
    public ModelEndpoint CompletePromotion(long promotionId, bool succeeded, string? error, long durationMs)
    {
        RequireDuration(durationMs);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var promotion = FindPromotion(connection, transaction, promotionId)
            ?? throw PromotionNotFound(promotionId);
        if (promotion.Promotion.Result is { } result)
        {
            throw PromotionFinished(promotionId, result);
        }

        Finish(connection, transaction, promotion.Tenant, promotion.Promotion, succeeded, error, durationMs, time.GetUtcNow());
        var endpoint = ReadEndpoint(connection, transaction, promotion.Tenant, promotion.Promotion.Endpoint);
        transaction.Commit();
        return endpoint;
    }

    private static void Finish(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, EndpointPromotion promotion, bool succeeded, string? error, long durationMs, DateTimeOffset now)
    {
        error = PromotionError(succeeded, error);
        using (var command = connection.Command(transaction, """
            UPDATE model_promotions SET finished = $now, result = $result, error = $error, duration_ms = $duration
            WHERE tenant = $tenant AND endpoint = $endpoint AND promotion_id = $id
            """))
        {
            command.With("$now", now.UtcTicks).With("$result", (int)(succeeded ? PromotionResult.Succeeded : PromotionResult.Failed))
                .With("$error", error).With("$duration", durationMs)
                .With("$tenant", tenant).With("$endpoint", promotion.Endpoint).With("$id", promotion.PromotionId).ExecuteNonQuery();
        }

        using (var command = connection.Command(transaction, succeeded
            ? """
              UPDATE model_endpoints SET owner_tenant = $owner, family = $family, version = $version, status = $inService,
                  since = $now, last_error = NULL, promotion_id = NULL
              WHERE tenant = $tenant AND endpoint = $endpoint
              """
            : """
              UPDATE model_endpoints SET status = CASE WHEN version IS NULL THEN $none ELSE $inService END,
                  since = $now, last_error = $error, promotion_id = NULL
              WHERE tenant = $tenant AND endpoint = $endpoint
              """))
        {
            command.With("$tenant", tenant).With("$endpoint", promotion.Endpoint).With("$now", now.UtcTicks)
                .With("$inService", (int)ModelEndpointStatus.InService);
            if (succeeded)
            {
                command.With("$owner", promotion.Target.Family.OwnerTenant).With("$family", promotion.Target.Family.Name)
                    .With("$version", promotion.Target.Version);
            }
            else
            {
                command.With("$none", (int)ModelEndpointStatus.None).With("$error", error);
            }

            command.ExecuteNonQuery();
        }

        WriteAudit(connection, transaction, tenant, now, promotion.Actor, AuditActions.Promote, PromotionTarget(promotion), PromotionOutcome(error));
    }
}
