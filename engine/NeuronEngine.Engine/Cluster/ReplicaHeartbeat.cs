using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Serving;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Cluster mode: every <see cref="ClusterOptions.HeartbeatInterval"/> this replica writes its record (what it serves,
/// its load errors, its running promotions) with a TTL of <see cref="ClusterOptions.HeartbeatTtl"/>, then reads every
/// live replica's and wakes the watchers of endpoints whose picture changed. Between beats it reads them again when
/// told a replica's serving changed (<see cref="ObserveSoon"/>). It also retries promotion announcements Redis refused
/// and fails promotions whose replica died (see <see cref="ClusterServingPeers"/>).
/// </summary>
/// <remarks>
/// Redis unreachable: the beat is skipped (one warning per outage) and this replica drops out of the others' count
/// once its record expires; it keeps serving what it has. On stop it removes its record, so the others stop counting it
/// at once.
/// </remarks>
internal sealed partial class ReplicaHeartbeat(
    ReplicaServing local,
    ClusterReplicas replicas,
    ClusterEndpointStatus status,
    ClusterServingPeers peers,
    ServingChannel channel,
    EndpointChanges changes,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ReplicaHeartbeat> logger) : BackgroundService
{
    /// <summary>Interrupted promotions are looked for at least this often (in beats), besides when a promoting replica dies.</summary>
    private const int RecoveryEveryBeats = 30;

    private readonly Channel<bool> observe = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private HashSet<string> promotingBefore = [];
    private bool reachable = true;
    private long beats;

    /// <summary>Reads the replicas' records again soon, without waiting for the next beat. Never blocks.</summary>
    public void ObserveSoon() => observe.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up thread: the first use of Redis connects, which may take a while when it is down.
        await Task.Yield();
        try
        {
            var interval = options.Value.HeartbeatInterval;
            var nextBeat = time.GetUtcNow();
            while (true)
            {
                var wait = nextBeat - time.GetUtcNow();
                var observeOnly = wait > TimeSpan.Zero && await SignalledWithinAsync(wait, stoppingToken);
                if (observeOnly)
                {
                    await GuardAsync(() => ObserveOnceAsync());
                    continue;
                }

                nextBeat = time.GetUtcNow() + interval;
                await GuardAsync(BeatOnceAsync);
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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await replicas.LeaveAsync(local.Id).WaitAsync(TimeSpan.FromSeconds(2), time, cancellationToken);
            channel.Publish(ServingMessage.Served(local.Id));
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex) || ex is TimeoutException or OperationCanceledException)
        {
            // Its record expires by itself.
        }
    }

    private async Task<bool> SignalledWithinAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(wait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await observe.Reader.WaitToReadAsync(either.Token);
            observe.Reader.TryRead(out _);
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task BeatOnceAsync()
    {
        await local.BeatAsync();
        await peers.RetryAnnounceAsync();
        var live = await ObserveOnceAsync();

        // A replica that was running a promotion and stopped beating left it UPDATING: recover it now rather than at the
        // next periodic look.
        var promoting = live.Where(r => r.Promoting > 0 && r.Id != local.Id).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var died = promotingBefore.Except(live.Select(r => r.Id)).Any();
        promotingBefore = promoting;
        if (died || peers.RecoveryDeferred || ++beats % RecoveryEveryBeats == 0)
        {
            foreach (var interrupted in await peers.RecoverInterruptedPromotionsAsync())
            {
                Log.Recovered(logger, interrupted.Tenant, interrupted.Endpoint, interrupted.Target.ToString());
                changes.Changed(interrupted.Tenant, interrupted.Endpoint);
                peers.EndpointChanged(interrupted.Tenant, interrupted.Endpoint);
            }
        }
    }

    private async Task<IReadOnlyList<ReplicaRecord>> ObserveOnceAsync()
    {
        var live = await status.LiveAsync();
        status.Observe(live);
        return live;
    }

    /// <summary>Runs one step; Redis being unreachable is logged once per outage and the loop goes on.</summary>
    private async Task GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
            if (!reachable)
            {
                reachable = true;
                Log.Reachable(logger);
            }
        }
        catch (Exception ex) when (ClusterFailures.IsUnavailable(ex))
        {
            if (reachable)
            {
                reachable = false;
                Log.Unreachable(logger, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "HeartbeatUnreachable", Level = LogLevel.Warning, Message = "Cannot beat to the cluster's Redis ({Reason}): the other replicas stop counting this one when its record expires; it keeps serving what it has")]
        public static partial void Unreachable(ILogger logger, string reason);

        [LoggerMessage(EventId = 2, EventName = "HeartbeatRestored", Level = LogLevel.Information, Message = "Beating to the cluster's Redis again")]
        public static partial void Reachable(ILogger logger);

        [LoggerMessage(EventId = 3, EventName = "PromotionRecovered", Level = LogLevel.Warning, Message = "Promotion on {Tenant}/{Endpoint} of {Version} was interrupted (its replica stopped) and is recorded as failed")]
        public static partial void Recovered(ILogger logger, string tenant, string endpoint, string version);

        [LoggerMessage(EventId = 4, EventName = "HeartbeatCrashed", Level = LogLevel.Critical, Message = "The cluster heartbeat failed unexpectedly; the engine stops")]
        public static partial void Crashed(ILogger logger, Exception exception);
    }
}
