using System.Globalization;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// <c>StopRun</c>: a queued run stops at once; a running one is asked to stop (its trainer hears it at the next renewal)
/// and given <see cref="TrainingOptions.StopWait"/> to end it; after that it is stopped without the trainer and its lease
/// revoked, so whatever the trainer reports later is refused. Either way the answer is the run, STOPPED (or whatever
/// final status the trainer reached first).
/// </summary>
internal sealed class RunStopper(IRunStore runs, RunChanges changes, RunDirectories directories, IOptions<TrainingOptions> options, TimeProvider time, TrainingMetrics metrics)
{
    public async Task<TrainingRun> StopAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var run = runs.RequestStop(tenant, runId);
        changes.Changed(runId);
        if (run.IsFinished)
        {
            // RequestStop refuses a finished run, so this is a queued run it just stopped.
            metrics.Finished(run);
            return run;
        }

        var wait = options.Value.StopWait;
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var next = changes.NextChange(runId);
            run = runs.Get(tenant, runId);
            var left = deadline - time.GetUtcNow();
            if (run.IsFinished || left <= TimeSpan.Zero)
            {
                break;
            }

            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                await Task.WhenAny(next, Task.Delay(left, time, timeout.Token));
                await timeout.CancelAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        if (!run.IsFinished)
        {
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"stopped without the trainer: it did not end the run within {wait.TotalSeconds:0.#} s of StopRun, so its lease was revoked");
            run = runs.ForceStop(tenant, runId, reason);
            directories.Delete(runId);
            changes.Changed(runId);

            // A trainer that completed the run meanwhile was counted by CompleteRun.
            if (run.Error == reason)
            {
                metrics.Finished(run);
            }
        }

        return run;
    }
}
