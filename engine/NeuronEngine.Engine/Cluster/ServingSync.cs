using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Cluster mode: keeps this replica serving what the registry records. It syncs when a promotion is announced on the
/// serving channel, and every <see cref="ClusterOptions.HeartbeatInterval"/> when the serving generation moved past the
/// one it last synced (a message it missed) or a failed load is due again. A sync loads, warms and swaps through
/// <see cref="Promoter.SyncAsync"/>, endpoint by endpoint, exactly as a promotion does, without writing the registry.
/// </summary>
/// <remarks>
/// A load that fails here is logged, shown in this replica's heartbeat and tried again later; it fails nobody's
/// promotion. Redis unreachable: nothing is synced until it is back (the replica keeps serving what it has). Syncs start
/// once the promoted versions were loaded at start.
/// </remarks>
internal sealed partial class ServingSync(
    ServingChannel channel,
    RedisCluster cluster,
    ReplicaServing local,
    ReplicaHeartbeat heartbeat,
    Promoter promoter,
    IModelStore store,
    ModelHost host,
    ServingStartup startup,
    EndpointChanges changes,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ServingSync> logger) : BackgroundService
{
    private readonly ServingKeys keys = new(cluster.Options.KeyPrefix);
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long? synced;
    private bool subscribed;
    private bool reachable = true;

    /// <summary>Syncs soon, without waiting for the next poll. Never blocks.</summary>
    public void SyncSoon() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up thread: the first use of Redis connects, which may take a while when it is down.
        await Task.Yield();
        try
        {
            await TrySubscribeAsync();
            // Loading at start lists the registry once; whatever was promoted meanwhile, the first sync catches up.
            try
            {
                await startup.Loaded.WaitAsync(stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Loading at start failed as a whole (its own log says why): the syncs load instead.
            }

            while (true)
            {
                if (!subscribed)
                {
                    await TrySubscribeAsync();
                }

                await SyncOnceAsync(stoppingToken);
                await WaitAsync(options.Value.HeartbeatInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.Crashed(logger, ex);
            lifetime.StopApplication();
        }
    }

    private async Task TrySubscribeAsync()
    {
        try
        {
            await channel.SubscribeAsync(OnMessage);
            subscribed = true;
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
            // Polling the generation keeps this replica in sync until the subscription is made.
        }
    }

    private void OnMessage(ServingMessage message)
    {
        switch (message.Kind)
        {
            case ServingMessageKind.Promoted:
                changes.Changed(message.Tenant, message.Endpoint);
                SyncSoon();
                heartbeat.ObserveSoon();
                break;
            case ServingMessageKind.Changed:
                changes.Changed(message.Tenant, message.Endpoint);
                break;
            default:
                heartbeat.ObserveSoon();
                break;
        }
    }

    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await wake.Reader.WaitToReadAsync(either.Token);
            wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sync: every endpoint the registry has serving a version this replica does not serve is loaded.</summary>
    private async Task SyncOnceAsync(CancellationToken stoppingToken)
    {
        var changed = false;
        try
        {
            var generation = (long?)await cluster.Database.StringGetAsync(keys.Generation) ?? 0;
            if (generation == synced && !local.AnyRetryDue)
            {
                return;
            }

            var complete = true;
            var listed = store.ListServingEndpoints();
            local.Retain(listed.Select(s => (s.Tenant, s.Endpoint)).ToHashSet());
            foreach (var serving in listed)
            {
                var (done, swapped) = await SyncEndpointAsync(serving, stoppingToken);
                complete &= done;
                changed |= swapped;
            }

            if (complete)
            {
                synced = generation;
            }

            Reachable();
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
            Unreachable(ex);
        }
        finally
        {
            if (!local.Ready)
            {
                // The first sync after start, whatever it did: from now on this replica counts.
                local.MarkReady();
                changed = true;
            }

            if (changed)
            {
                await AnnounceServedAsync();
            }
        }
    }

    /// <summary>Returns whether the endpoint now serves what the registry records, and whether this replica's record changed.</summary>
    private async Task<(bool Done, bool Changed)> SyncEndpointAsync(ServingEndpoint serving, CancellationToken stoppingToken)
    {
        if (host.ServedVersion(serving.Tenant, serving.Endpoint) == Promoter.ToKey(serving.Version))
        {
            local.Loaded(serving.Tenant, serving.Endpoint);
            return (true, false);
        }

        if (!local.RetryDue(serving.Tenant, serving.Endpoint, serving.Version))
        {
            return (false, false);
        }

        try
        {
            var swapped = await promoter.SyncAsync(serving.Tenant, serving.Endpoint, stoppingToken);
            local.Loaded(serving.Tenant, serving.Endpoint);
            return (true, swapped is not null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ClusterFailures.IsUnavailable(ex))
        {
            Log.SyncFailed(logger, serving.Tenant, serving.Endpoint, serving.Version.ToString(), ex);
            local.LoadFailed(serving.Tenant, serving.Endpoint, serving.Version,
                ex is NeuronException ? ex.Message : "the version could not be loaded (the replica's log has the details)");
            return (false, true);
        }
    }

    /// <summary>This replica's serving changed: beat now and tell the others, so statuses follow at once.</summary>
    private async Task AnnounceServedAsync()
    {
        try
        {
            await local.BeatAsync();
            await channel.PublishAsync(ServingMessage.Served(local.Id));
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
            Unreachable(ex);
        }

        heartbeat.ObserveSoon();
    }

    private void Reachable()
    {
        if (!reachable)
        {
            reachable = true;
            Log.Reachable(logger);
        }
    }

    private void Unreachable(Exception ex)
    {
        if (reachable)
        {
            reachable = false;
            Log.Unreachable(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "ServingSyncFailed", Level = LogLevel.Error, Message = "Endpoint {Tenant}/{Endpoint} cannot load {Version}, promoted on the cluster; it keeps serving what it served, and the load is tried again later")]
        public static partial void SyncFailed(ILogger logger, string tenant, string endpoint, string version, Exception exception);

        [LoggerMessage(EventId = 2, EventName = "ServingSyncUnreachable", Level = LogLevel.Warning, Message = "Cannot sync with the cluster's registry ({Reason}); this replica serves what it has until Redis is back")]
        public static partial void Unreachable(ILogger logger, string reason);

        [LoggerMessage(EventId = 3, EventName = "ServingSyncRestored", Level = LogLevel.Information, Message = "Syncing with the cluster's registry again")]
        public static partial void Reachable(ILogger logger);

        [LoggerMessage(EventId = 4, EventName = "ServingSyncCrashed", Level = LogLevel.Critical, Message = "Serving sync failed unexpectedly; the engine stops")]
        public static partial void Crashed(ILogger logger, Exception exception);
    }
}
