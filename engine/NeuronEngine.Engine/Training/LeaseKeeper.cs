using System.Data.Common;
using NeuronEngine.Core;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Renews a run's lease on the trainer's behalf while the engine works on its <c>CompleteRun</c>: the trainer stopped
/// heartbeating to wait for the answer, and checking a large artifact (queued behind other checks) can outlast the
/// lease, which would fail a run that succeeded. Renews once at start, then every third of the lease, until disposed
/// or the lease is lost.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IRunStore runs;
    private readonly RunChanges changes;
    private readonly string runId;
    private readonly string leaseId;
    private readonly RunProgress progress;
    private readonly TimeSpan lease;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private LeaseKeeper(IRunStore runs, RunChanges changes, string runId, string leaseId, RunProgress progress, TimeSpan lease, TimeProvider time)
    {
        this.runs = runs;
        this.changes = changes;
        this.runId = runId;
        this.leaseId = leaseId;
        this.progress = progress;
        this.lease = lease;
        Renew();
        loop = KeepAsync(Interval(lease), time);
    }

    /// <summary>
    /// Renews the lease now (throwing NotFound or FailedPrecondition when it is no longer held, as
    /// <see cref="IRunStore.Renew"/> does) and keeps renewing it in the background.
    /// </summary>
    public static LeaseKeeper Start(IRunStore runs, RunChanges changes, string runId, string leaseId, RunProgress progress, TimeSpan lease, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(time);
        return new LeaseKeeper(runs, changes, runId, leaseId, progress, lease, time);
    }

    /// <summary>A third of the lease, so two renewals can fail before it runs out; at least 50 ms.</summary>
    internal static TimeSpan Interval(TimeSpan lease) => TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private void Renew()
    {
        runs.Renew(runId, leaseId, progress, lease);
        changes.Changed(runId);
    }

    private async Task KeepAsync(TimeSpan interval, TimeProvider time)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                try
                {
                    Renew();
                }
                catch (NeuronException)
                {
                    // Lost (stopped, expired): the completion's own transaction refuses it; nothing left to keep.
                    return;
                }
                catch (DbException)
                {
                    // A registry busy past its timeout: the next tick tries again, well within the lease.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
