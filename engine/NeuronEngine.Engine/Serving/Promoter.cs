using System.Collections.Concurrent;
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
/// with its last error, and the promotion recorded as failed. In cluster mode the other replicas are then told
/// (<see cref="IServingPeers"/>) and each loads the version through <see cref="SyncAsync"/>, the same load path.
/// </summary>
/// <remarks>
/// Promotions and syncs of one endpoint on this replica are serialised (from the registry's record to the swap), so a
/// sync never swaps back a version a promotion here is replacing.
/// </remarks>
internal sealed partial class Promoter(
    IModelStore store,
    ModelHost host,
    ArtifactStore artifacts,
    EndpointChanges changes,
    ServingMetrics metrics,
    Recommender recommender,
    IServingPeers peers,
    ILogger<Promoter> logger)
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), SemaphoreSlim> gates = new();

    public async Task<ModelEndpoint> PromoteAsync(string tenant, string? endpoint, FamilyRef family, int version, string actor, CancellationToken cancellationToken)
    {
        using var activity = EngineTelemetry.Source.StartActivity(SpanName);
        using var promoting = await peers.PromotingAsync(cancellationToken);
        var ticket = store.BeginPromotion(tenant, endpoint, family, version, actor);
        var gate = Gate(tenant, ticket.Endpoint);
        await gate.WaitAsync(CancellationToken.None);
        ModelEndpoint result;
        try
        {
            result = await RunAsync(ticket, actor, activity);
        }
        finally
        {
            gate.Release();
        }

        await peers.PromotedAsync(ticket);
        return result;
    }

    private async Task<ModelEndpoint> RunAsync(PromotionTicket ticket, string actor, Activity? activity)
    {
        var tenant = ticket.Tenant;
        Changed(tenant, ticket.Endpoint);
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            await LoadAsync(tenant, ticket.Endpoint, ticket.Target, ticket.ArtifactPath, prepare: true, CancellationToken.None);
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
            Changed(tenant, ticket.Endpoint);
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

    /// <summary>
    /// Cluster mode: makes this replica serve what the registry records for the endpoint (another replica promoted it, or
    /// this one missed it), loading, warming and swapping exactly as a promotion does, and writing nothing to the
    /// registry (its promotion records are the promoting replica's). Returns the version swapped in, or null when the
    /// endpoint already serves what the registry records (or the registry records nothing). Throws when the version
    /// fails to load; the endpoint keeps what it served.
    /// </summary>
    public async Task<VersionRef?> SyncAsync(string tenant, string endpoint, CancellationToken cancellationToken)
    {
        var gate = Gate(tenant, endpoint);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Read under the gate: a promotion here that finished while this sync waited is what the registry records now.
            if (store.GetEndpoint(tenant, endpoint).Serving is not { } version || host.ServedVersion(tenant, endpoint) == ToKey(version))
            {
                return null;
            }

            var artifactPath = store.GetVersion(tenant, version.Family, version.Version).ArtifactPath;
            await LoadAsync(tenant, endpoint, version, artifactPath, prepare: true, cancellationToken);
            metrics.Served(tenant, endpoint, version);
            Log.Synced(logger, tenant, endpoint, version);
            return version;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The one way a version gets onto this replica (promotion, rollback after a registry failure, start-up, cluster
    /// sync): its artifact folder, then the host's load, contract check, warm-up, optional preparation and swap.
    /// </summary>
    private Task LoadAsync(string tenant, string endpoint, VersionRef version, string artifactPath, bool prepare, CancellationToken cancellationToken) =>
        host.PromoteAsync(tenant, endpoint, ToKey(version), artifacts.PathFor(artifactPath), cancellationToken, prepare ? PrepareFor(tenant, endpoint) : null);

    /// <summary>Recommend serves the production endpoint: build its mask before the swap.</summary>
    private Action<LoadedModel>? PrepareFor(string tenant, string endpoint) =>
        endpoint == Recommender.Production ? model => recommender.Prepare(tenant, model) : null;

    private SemaphoreSlim Gate(string tenant, string endpoint) => gates.GetOrAdd((tenant, endpoint), static _ => new SemaphoreSlim(1, 1));

    /// <summary>The registry's record changed: wake the watchers here and tell the other replicas.</summary>
    private void Changed(string tenant, string endpoint)
    {
        changes.Changed(tenant, endpoint);
        peers.EndpointChanged(tenant, endpoint);
    }

    private async Task RestorePreviousAsync(string tenant, PromotionTicket ticket)
    {
        if (ticket.Previous is not { } previous)
        {
            host.Clear(tenant, ticket.Endpoint);
            return;
        }

        var artifact = store.GetVersion(tenant, previous.Family, previous.Version).ArtifactPath;
        await LoadAsync(tenant, ticket.Endpoint, previous, artifact, prepare: false, CancellationToken.None);
    }

    /// <summary>At start: fail promotions a crash interrupted, then load what every endpoint serves.</summary>
    public async Task LoadServingAsync(CancellationToken cancellationToken)
    {
        foreach (var interrupted in await peers.RecoverInterruptedPromotionsAsync())
        {
            Log.PromotionInterrupted(logger, interrupted.Tenant, interrupted.Endpoint, interrupted.Target);
            peers.EndpointChanged(interrupted.Tenant, interrupted.Endpoint);
        }

        foreach (var serving in store.ListServingEndpoints())
        {
            string? error = null;
            try
            {
                await LoadAsync(serving.Tenant, serving.Endpoint, serving.Version, serving.ArtifactPath, prepare: false, cancellationToken);
            }
            catch (Exception ex)
            {
                // The engine still starts: the endpoint is FAILED and serves nothing (empty recommendations) until the
                // version loads at a later start or someone promotes.
                Log.ServingLoadFailed(logger, serving.Tenant, serving.Endpoint, serving.Version, ex);
                error = ex is NeuronException ? ex.Message : "the version could not be loaded at start (the engine log has the details)";
            }

            peers.StartLoaded(serving.Tenant, serving.Endpoint, serving.Version, error);
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

        [LoggerMessage(EventId = 6, EventName = "Synced", Level = LogLevel.Information, Message = "Endpoint {Tenant}/{Endpoint} now serves {Version}, as promoted on the cluster")]
        public static partial void Synced(ILogger logger, string tenant, string endpoint, VersionRef version);
    }
}
