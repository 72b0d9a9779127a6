using System.Collections.Concurrent;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Wakes <c>WatchRun</c> streams and <c>StopRun</c> when a run changes, and waiting <c>LeaseRun</c> calls when a run is
/// queued. Arm (take the task) before reading the state, so a change between the read and the wait is not missed.
/// </summary>
/// <remarks>
/// Cluster mode: a run queued or changed on one replica must wake the calls waiting on another (the trainer leases
/// through the replica running the sidecar; <c>WatchRun</c> may be on any), so every signal is also published on the
/// cluster's <c>runs</c> channel and every replica's subscription raises it locally. A lost message costs at most
/// <see cref="Cluster.ClusterOptions.PollInterval"/>: waiting lease calls are woken that often to look again.
/// </remarks>
internal sealed class RunChanges : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> runs = new(StringComparer.Ordinal);
    private readonly Cluster.RedisCluster? cluster;
    private readonly ITimer? poll;
    private TaskCompletionSource queued = NewSignal();

    public RunChanges(Cluster.RedisCluster? cluster = null, TimeProvider? time = null)
    {
        this.cluster = cluster;
        if (cluster is null)
        {
            return;
        }

        _ = cluster.Connection.GetSubscriber().SubscribeAsync(Channel, (_, message) =>
        {
            if (message.IsNullOrEmpty)
            {
                RaiseQueued();
            }
            else
            {
                Raise((string)message!);
            }
        }).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        poll = (time ?? TimeProvider.System).CreateTimer(_ => RaiseQueued(), null, cluster.Options.PollInterval, cluster.Options.PollInterval);
    }

    private StackExchange.Redis.RedisChannel Channel => cluster!.Channel("runs");

    public void Dispose() => poll?.Dispose();

    /// <summary>A task that completes at the run's next change.</summary>
    public Task NextChange(string runId) => runs.GetOrAdd(runId, _ => NewSignal()).Task;

    public void Changed(string runId)
    {
        Raise(runId);
        Publish(runId);
    }

    private void Raise(string runId)
    {
        if (runs.TryRemove(runId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>Drops the signal of a run that has finished (it changes no more), waking anyone still armed on it.</summary>
    public void Forget(string runId) => Changed(runId);

    /// <summary>A task that completes when the next run is queued.</summary>
    public Task NextQueued() => Volatile.Read(ref queued).Task;

    public void Queued()
    {
        RaiseQueued();
        Publish(string.Empty);
    }

    private void RaiseQueued() => Interlocked.Exchange(ref queued, NewSignal()).TrySetResult();

    private void Publish(string message)
    {
        if (cluster is null)
        {
            return;
        }

        try
        {
            cluster.Connection.GetSubscriber().Publish(Channel, message, StackExchange.Redis.CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (Registry.Redis.RedisControlPlane.IsUnreachable(ex))
        {
            // Other replicas look again within the poll interval.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
