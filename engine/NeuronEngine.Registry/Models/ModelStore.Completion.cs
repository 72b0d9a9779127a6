using System.Globalization;
using Microsoft.Data.Sqlite;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Models;

public sealed partial class ModelStore
{
    /// <summary>
    /// Records how a promotion ended and returns the endpoint. Succeeded: the endpoint serves the new version, InService,
    /// error cleared. Failed: it keeps what it served (InService, or None when it served nothing) with
    /// <see cref="ModelEndpoint.LastError"/> set. Either way the result goes to the promotion history and the audit log.
    /// Throws NotFound (unknown id), FailedPrecondition (already finished, for example by
    /// <see cref="RecoverInterruptedPromotions"/>) or InvalidArgument (<c>duration_ms</c>).
    /// </summary>
    /// <param name="promotionId">From <see cref="PromotionTicket.PromotionId"/>.</param>
    /// <param name="succeeded">Whether the host now serves the new version.</param>
    /// <param name="error">Why it failed; ignored on success.</param>
    /// <param name="durationMs">How long the host took, in milliseconds.</param>
    public ModelEndpoint CompletePromotion(long promotionId, bool succeeded, string? error, long durationMs)
    {
        if (durationMs < 0)
        {
            NeuronException.ThrowInvalidArgument("duration_ms", $"must be at least 0, not {durationMs}");
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var promotion = FindPromotion(connection, transaction, promotionId)
            ?? throw NeuronException.NotFound(string.Create(CultureInfo.InvariantCulture, $"promotion {promotionId} not found"));
        if (promotion.Promotion.Result is { } result)
        {
            throw NeuronException.FailedPrecondition(string.Create(
                CultureInfo.InvariantCulture, $"promotion {promotionId} already finished: {result.ToString().ToUpperInvariant()}"));
        }

        Finish(connection, transaction, promotion.Tenant, promotion.Promotion, succeeded, error, durationMs, time.GetUtcNow());
        var endpoint = ReadEndpoint(connection, transaction, promotion.Tenant, promotion.Promotion.Endpoint);
        transaction.Commit();
        return endpoint;
    }

    private static void Finish(
        SqliteConnection connection, SqliteTransaction transaction, string tenant, EndpointPromotion promotion, bool succeeded, string? error, long durationMs, DateTimeOffset now)
    {
        error = succeeded ? null : Truncate(string.IsNullOrWhiteSpace(error) ? "promotion failed without a reason" : error);
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

        WriteAudit(connection, transaction, tenant, now, promotion.Actor, AuditActions.Promote,
            $"{promotion.Target} -> {promotion.Endpoint}", succeeded ? "succeeded" : $"failed: {error}");
    }

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : string.Concat(error.AsSpan(0, MaxErrorLength - 3), "...");
}
