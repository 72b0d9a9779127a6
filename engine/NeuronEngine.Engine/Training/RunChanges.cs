using System.Collections.Concurrent;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Wakes <c>WatchRun</c> streams and <c>StopRun</c> when a run changes, and waiting <c>LeaseRun</c> calls when a run is
/// queued. Arm (take the task) before reading the state, so a change between the read and the wait is not missed.
/// </summary>
internal sealed class RunChanges
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> runs = new(StringComparer.Ordinal);
    private TaskCompletionSource queued = NewSignal();

    /// <summary>A task that completes at the run's next change.</summary>
    public Task NextChange(string runId) => runs.GetOrAdd(runId, _ => NewSignal()).Task;

    public void Changed(string runId)
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

    public void Queued() => Interlocked.Exchange(ref queued, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
