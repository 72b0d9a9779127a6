using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster.Training;

/// <summary>
/// One trainer sidecar per cluster: the replica holding a Redis lock (<c>{prefix}:trainer-leader</c>, a key with a
/// TTL that its holder renews) runs it; when the holder dies its key expires and another replica takes over.
/// </summary>
/// <remarks>
/// A holder that cannot renew (Redis unreachable, or the key taken over after a long pause) gives up when its last
/// renewal is a TTL old, before the key can have expired for anyone else: two sidecars may overlap for at most the
/// clock drift, and leases in the registry (atomic in Redis) keep two trainers off one run regardless.
/// </remarks>
internal sealed partial class TrainerLeadership(RedisCluster cluster, TimeProvider time, ILogger<TrainerLeadership> logger)
{
    /// <summary>How long the lock lives without a renewal.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(3);

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private RedisKey Key => cluster.ControlPlane.Key("trainer-leader");

    /// <summary>
    /// Waits until this replica holds the lock; returns a token cancelled when it stops holding it (or
    /// <paramref name="stoppingToken"/> fires).
    /// </summary>
    public async Task<CancellationToken> AcquireAsync(CancellationToken stoppingToken)
    {
        var waiting = false;
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                if (await cluster.Database.StringSetAsync(Key, cluster.ReplicaId, Ttl, When.NotExists).ConfigureAwait(false)
                    || await RenewAsync().ConfigureAwait(false))
                {
                    Log_Leading(cluster.ReplicaId);
                    var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _ = KeepAsync(held);
                    return held.Token;
                }

                if (!waiting)
                {
                    var holder = await cluster.Database.StringGetAsync(Key).ConfigureAwait(false);
                    Log_Following(holder);
                    waiting = true;
                }
            }
            catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
            {
                // Try again below.
            }

            await Task.Delay(RenewEvery, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives the lock up (when this replica holds it), so another replica's sidecar starts at once.</summary>
    public async Task ReleaseAsync()
    {
        try
        {
            await cluster.Database.ScriptEvaluateAsync(ReleaseScript, [Key], [cluster.ReplicaId]).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            // It expires by itself.
        }
    }

    private async Task<bool> RenewAsync() =>
        (long)await cluster.Database.ScriptEvaluateAsync(RenewScript, [Key], [cluster.ReplicaId, (long)Ttl.TotalMilliseconds]).ConfigureAwait(false) == 1;

    private async Task KeepAsync(CancellationTokenSource held)
    {
        var renewed = time.GetTimestamp();
        try
        {
            while (!held.IsCancellationRequested)
            {
                await Task.Delay(RenewEvery, time, held.Token).ConfigureAwait(false);
                try
                {
                    if (!await RenewAsync().ConfigureAwait(false))
                    {
                        Log_Lost(cluster.ReplicaId, "another replica holds the lock");
                        break;
                    }

                    renewed = time.GetTimestamp();
                }
                catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
                {
                    if (time.GetElapsedTime(renewed) >= Ttl - RenewEvery)
                    {
                        Log_Lost(cluster.ReplicaId, "Redis could not be reached to renew it");
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await held.CancelAsync().ConfigureAwait(false);
            held.Dispose();
        }
    }

    [LoggerMessage(EventId = 1, EventName = "TrainerLeader", Level = LogLevel.Information, Message = "Replica {Replica} holds the cluster's trainer lock: it runs the trainer sidecar")]
    private partial void Log_Leading(string replica);

    [LoggerMessage(EventId = 2, EventName = "TrainerFollower", Level = LogLevel.Information, Message = "Replica {Holder} runs the cluster's trainer sidecar; this replica starts one only if that replica stops")]
    private partial void Log_Following(RedisValue holder);

    [LoggerMessage(EventId = 3, EventName = "TrainerLeadershipLost", Level = LogLevel.Warning, Message = "Replica {Replica} no longer holds the trainer lock ({Reason}); stopping its trainer sidecar")]
    private partial void Log_Lost(string replica, string reason);
}
