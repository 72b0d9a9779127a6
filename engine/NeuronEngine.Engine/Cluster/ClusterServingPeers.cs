using System.Collections.Concurrent;
using NeuronEngine.Core;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Cluster mode's side of a promotion: announces it in this replica's heartbeat before the registry sees it, bumps the
/// serving generation and publishes once it succeeded, and fails interrupted promotions only when no live replica may
/// still be running one.
/// </summary>
/// <remarks>
/// <para>Recovery and promotions meet on the recovery lock: a promotion first counts itself in this replica's
/// heartbeat, then waits while the lock is held; recovery takes the lock, then looks for a live replica running a
/// promotion and, finding none, fails what the registry still has UPDATING. Whichever order the two run in, recovery
/// never fails a promotion that is running.</para>
/// <para>A replica restarting sees its own crashed run's heartbeat still live for up to the TTL: its own record is not
/// counted, only its promotions in this run are.</para>
/// </remarks>
internal sealed partial class ClusterServingPeers(
    RedisCluster cluster,
    ClusterReplicas replicas,
    ReplicaServing local,
    ServingChannel channel,
    IModelStore store,
    TimeProvider time,
    ILogger<ClusterServingPeers> logger) : IServingPeers
{
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(50);

    private readonly ServingKeys keys = new(cluster.Options.KeyPrefix);
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), byte> unannounced = new();
    private volatile bool recoveryDeferred;

    /// <summary>True when the last recovery could not run (a live replica was promoting, or Redis was unreachable): try again at the next beat.</summary>
    public bool RecoveryDeferred => recoveryDeferred;

    public async ValueTask<IDisposable> PromotingAsync(CancellationToken cancellationToken)
    {
        var scope = local.BeginPromoting();
        try
        {
            await local.BeatAsync();
            var started = time.GetTimestamp();
            while (await cluster.Database.KeyExistsAsync(keys.Recovery))
            {
                if (time.GetElapsedTime(started) > cluster.Options.HeartbeatTtl)
                {
                    throw NeuronException.Unavailable("another replica is recovering interrupted promotions; promote again shortly");
                }

                await Task.Delay(LockPoll, time, cancellationToken);
            }

            return scope;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            scope.Dispose();
            throw RedisControlPlane.Unreachable(ex);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    public void EndpointChanged(string tenant, string endpoint) => channel.Publish(ServingMessage.Changed(tenant, endpoint));

    public async Task PromotedAsync(PromotionTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        unannounced[(ticket.Tenant, ticket.Endpoint)] = 0;
        await AnnounceAsync();
    }

    /// <summary>Announces promotions whose announcement failed (Redis was unreachable); the heartbeat calls it.</summary>
    public Task RetryAnnounceAsync() => unannounced.IsEmpty ? Task.CompletedTask : AnnounceAsync();

    private async Task AnnounceAsync()
    {
        try
        {
            // This replica's record shows the new version before anyone is told, so a status worked out on the message
            // counts this replica as caught up.
            await local.BeatAsync();
            var generation = await cluster.Database.StringIncrementAsync(keys.Generation);
            foreach (var endpoint in unannounced.Keys)
            {
                unannounced.TryRemove(endpoint, out _);
                await channel.PublishAsync(ServingMessage.Promoted(endpoint.Tenant, endpoint.Endpoint, generation));
            }
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            Log.AnnounceFailed(logger, ex.Message);
        }
    }

    public async Task<IReadOnlyList<PromotionTicket>> RecoverInterruptedPromotionsAsync()
    {
        try
        {
            if (!await cluster.Database.LockTakeAsync(keys.Recovery, local.Id, cluster.Options.HeartbeatTtl))
            {
                // Another replica is recovering right now; whatever it defers, it tries again itself.
                recoveryDeferred = false;
                return [];
            }

            try
            {
                var running = await RunningPromotionsAsync();
                recoveryDeferred = running.Count > 0;
                if (recoveryDeferred)
                {
                    Log.RecoveryDeferred(logger, running);
                    return [];
                }

                return store.RecoverInterruptedPromotions();
            }
            finally
            {
                await cluster.Database.LockReleaseAsync(keys.Recovery, local.Id);
            }
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
            recoveryDeferred = true;
            Log.RecoveryFailed(logger, ex.Message);
            return [];
        }
    }

    /// <summary>The replicas that may be running a promotion now: this one (this run), and every other live one that says so.</summary>
    private async Task<List<string>> RunningPromotionsAsync()
    {
        var running = (await replicas.ListLiveAsync()).Where(r => r.Id != local.Id && r.Promoting > 0).Select(r => r.Id).ToList();
        if (local.Promoting > 0)
        {
            running.Add(local.Id);
        }

        return running;
    }

    /// <summary>In cluster mode a load failure at start is this replica's, not the endpoint's: the heartbeat reports it and the sync tries again.</summary>
    public void StartLoaded(string tenant, string endpoint, VersionRef version, string? error)
    {
        if (error is null)
        {
            local.Loaded(tenant, endpoint);
        }
        else
        {
            local.LoadFailed(tenant, endpoint, version, error);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "PromotionAnnounceFailed", Level = LogLevel.Warning, Message = "Could not tell the other replicas about a promotion ({Reason}); trying again at the next heartbeat")]
        public static partial void AnnounceFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 2, EventName = "PromotionRecoveryDeferred", Level = LogLevel.Information, Message = "Interrupted promotions are not recovered yet: replicas {Replicas} are running promotions")]
        public static partial void RecoveryDeferred(ILogger logger, IReadOnlyList<string> replicas);

        [LoggerMessage(EventId = 3, EventName = "PromotionRecoveryFailed", Level = LogLevel.Warning, Message = "Could not check for interrupted promotions ({Reason}); trying again at the next heartbeat")]
        public static partial void RecoveryFailed(ILogger logger, string reason);
    }
}
