using System.Diagnostics;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Serving;

/// <summary>
/// A promotion end to end: the registry marks the endpoint UPDATING, the model host loads, checks, warms and swaps,
/// and the registry records the result. A failed load leaves the old version serving, the endpoint back IN_SERVICE
/// with its last error, and the promotion recorded as failed.
/// </summary>
internal sealed partial class Promoter(IModelStore store, ModelHost host, ArtifactStore artifacts, EndpointChanges changes, ServingMetrics metrics, Recommender recommender, ILogger<Promoter> logger)
{
    public async Task<ModelEndpoint> PromoteAsync(string tenant, string? endpoint, FamilyRef family, int version, string actor, CancellationToken cancellationToken)
    {
        using var activity = EngineTelemetry.Source.StartActivity(SpanName);
        var ticket = store.BeginPromotion(tenant, endpoint, family, version, actor);
        changes.Changed(tenant, ticket.Endpoint);
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            await host.PromoteAsync(tenant, ticket.Endpoint, ToKey(ticket.Target), artifacts.PathFor(ticket.ArtifactPath), CancellationToken.None, PrepareFor(tenant, ticket.Endpoint));
        }
        catch (NeuronException ex)
        {
            error = ex.Message;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the promotion must be completed in the registry, or the endpoint stays UPDATING.
            Log.PromotionCrashed(logger, tenant, ticket.Endpoint, ticket.Target, ex);
            error = "the version could not be loaded (the engine log has the details)";
        }

        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        ModelEndpoint result;
        try
        {
            result = store.CompletePromotion(ticket.PromotionId, error is null, error, milliseconds);
        }
        catch (Exception ex) when (error is null)
        {
            // The host already serves the new version but the registry could not say so: put the host back on what the
            // registry still records, so the two never disagree.
            await RestorePreviousAsync(tenant, ticket);
            Finished(activity, ticket, actor, milliseconds, PromotionResults.RolledBack, ex.Message);
            throw;
        }
        finally
        {
            changes.Changed(tenant, ticket.Endpoint);
        }

        if (error is not null)
        {
            Finished(activity, ticket, actor, milliseconds, PromotionResults.Failed, error);
            throw NeuronException.FailedPrecondition(
                $"promotion of {ticket.Target} failed: {error}; endpoint {ticket.Endpoint} keeps serving {ticket.Previous?.ToString() ?? "nothing"}");
        }

        metrics.Served(tenant, ticket.Endpoint, ticket.Target);
        Finished(activity, ticket, actor, milliseconds, PromotionResults.Ok, null);
        return result;
    }

    /// <summary>Recommend serves the production endpoint: build its mask before the swap.</summary>
    private Action<LoadedModel>? PrepareFor(string tenant, string endpoint) =>
        endpoint == Recommender.Production ? model => recommender.Prepare(tenant, model) : null;

    private async Task RestorePreviousAsync(string tenant, PromotionTicket ticket)
    {
        if (ticket.Previous is not { } previous)
        {
            host.Clear(tenant, ticket.Endpoint);
            return;
        }

        var artifact = store.GetVersion(tenant, previous.Family, previous.Version).ArtifactPath;
        await host.PromoteAsync(tenant, ticket.Endpoint, ToKey(previous), artifacts.PathFor(artifact), CancellationToken.None);
    }

    /// <summary>At start: fail promotions a crash interrupted, then load what every endpoint serves.</summary>
    public async Task LoadServingAsync(CancellationToken cancellationToken)
    {
        foreach (var interrupted in store.RecoverInterruptedPromotions())
        {
            Log.PromotionInterrupted(logger, interrupted.Tenant, interrupted.Endpoint, interrupted.Target);
        }

        foreach (var serving in store.ListServingEndpoints())
        {
            string? error = null;
            try
            {
                await host.PromoteAsync(serving.Tenant, serving.Endpoint, ToKey(serving.Version), artifacts.PathFor(serving.ArtifactPath), cancellationToken);
            }
            catch (Exception ex)
            {
                // The engine still starts: the endpoint is FAILED and serves nothing (empty recommendations) until the
                // version loads at a later start or someone promotes.
                Log.ServingLoadFailed(logger, serving.Tenant, serving.Endpoint, serving.Version, ex);
                error = ex is NeuronException ? ex.Message : "the version could not be loaded at start (the engine log has the details)";
            }

            store.RecordServingLoad(serving.Tenant, serving.Endpoint, error);
            if (error is null)
            {
                metrics.Served(serving.Tenant, serving.Endpoint, serving.Version);
            }
        }
    }

    public static VersionKey ToKey(VersionRef version) => new(version.Family.OwnerTenant, version.Family.Name, version.Version);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3, EventName = "PromotionInterrupted", Level = LogLevel.Warning, Message = "Promotion on {Tenant}/{Endpoint} of {Version} was interrupted by a restart and is recorded as failed")]
        public static partial void PromotionInterrupted(ILogger logger, string tenant, string endpoint, VersionRef version);

        [LoggerMessage(EventId = 5, EventName = "PromotionCrashed", Level = LogLevel.Error, Message = "Promotion on {Tenant}/{Endpoint} of {Version} failed unexpectedly")]
        public static partial void PromotionCrashed(ILogger logger, string tenant, string endpoint, VersionRef version, Exception exception);

        [LoggerMessage(EventId = 4, EventName = "ServingLoadFailed", Level = LogLevel.Error, Message = "Endpoint {Tenant}/{Endpoint} cannot load {Version} at start; it is FAILED and serves nothing until the version loads or another is promoted")]
        public static partial void ServingLoadFailed(ILogger logger, string tenant, string endpoint, VersionRef version, Exception exception);
    }
}
