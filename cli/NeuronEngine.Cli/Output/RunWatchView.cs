using System.Globalization;
using NeuronEngine.Client.Services;
using NeuronEngine.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli.Output;

/// <summary>
/// Follows a run through <c>WatchRun</c> until it ends. On a terminal: a live view with the current epoch's progress bar
/// (epoch k of N, step progress while training) above the table of finished epochs. Redirected: one plain line per
/// finished epoch. Quiet (JSON mode): prints nothing. The outcome line is the caller's to print.
/// </summary>
public sealed class RunWatchView(CliConsole console, bool quiet)
{
    private const int BarWidth = 30;

    /// <summary>Watches <paramref name="runId"/> and returns its final state; cancelling stops watching, not the run.</summary>
    public async Task<Run> WatchAsync(TrainingClient training, string runId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(training);
        var updates = training.WatchRunAsync(runId, ct: ct);
        if (quiet)
        {
            return await LastAsync(updates);
        }

        return console.IsInteractive ? await LiveAsync(updates) : await PlainAsync(updates);
    }

    private static async Task<Run> LastAsync(IAsyncEnumerable<Run> updates)
    {
        Run? last = null;
        await foreach (var run in updates)
        {
            last = run;
        }

        return last ?? throw new CliException("the engine ended the watch without sending the run", ExitCodes.Unreachable);
    }

    private async Task<Run> PlainAsync(IAsyncEnumerable<Run> updates)
    {
        Run? last = null;
        var printed = 0;
        await foreach (var run in updates)
        {
            if (last is null)
            {
                console.Ansi.WriteLine(Header(run));
            }

            // An epoch reported again replaces the earlier report: print only epochs not printed yet.
            foreach (var epoch in run.Epochs.Where(e => e.Epoch > printed))
            {
                console.Ansi.WriteLine(RunText.EpochLine(run, epoch));
                printed = epoch.Epoch;
            }

            last = run;
        }

        return last ?? throw new CliException("the engine ended the watch without sending the run", ExitCodes.Unreachable);
    }

    private async Task<Run> LiveAsync(IAsyncEnumerable<Run> updates)
    {
        Run? last = null;
        await console.Ansi.Live(new Text("connecting…")).AutoClear(false).StartAsync(async context =>
        {
            await foreach (var run in updates)
            {
                last = run;
                context.UpdateTarget(Render(run));
                context.Refresh();
            }
        });
        return last ?? throw new CliException("the engine ended the watch without sending the run", ExitCodes.Unreachable);
    }

    private static Rows Render(Run run)
    {
        var rows = new List<IRenderable> { new Text(Header(run)), new Markup(ProgressLine(run)) };
        if (run.Epochs.Count > 0)
        {
            rows.Add(RunTables.Epochs(run));
        }

        return new Rows(rows);
    }

    private static string Header(Run run) => string.Create(
        CultureInfo.InvariantCulture,
        $"Run {run.RunId} · template {run.TemplateId} · {run.Recipe} · {run.EpochsPlanned} epochs, batch {run.BatchSize}, learning rate {run.LearningRate}, seed {run.Seed}");

    /// <summary>The current epoch's bar: steps while training, full while evaluating, empty before the first epoch.</summary>
    private static string ProgressLine(Run run)
    {
        var progress = run.Progress ?? new RunProgress { Phase = "queued" };
        if (RunText.IsFinished(run.Status))
        {
            return Markup.Escape($"{RunText.Status(run.Status)} after {RunText.Elapsed(run)}");
        }

        // Progress rides on the trainer's once-a-second heartbeat, so a finished epoch can arrive before it: trust the epochs.
        var finished = run.Epochs.Count > 0 ? run.Epochs.Max(e => e.Epoch) : 0;
        var stale = finished >= progress.Epoch;
        var epoch = Math.Max(progress.Epoch, finished);
        if (epoch < 1)
        {
            var waiting = run.Status == RunStatus.Queued ? "queued: waiting for a trainer" : progress.Phase;
            return Markup.Escape($"{waiting} ({RunText.Elapsed(run)})");
        }

        var training = progress.Phase == "training" && !stale;
        var fraction = training && progress.StepsPerEpoch > 0 ? Math.Clamp((double)progress.Step / progress.StepsPerEpoch, 0, 1) : training ? 0 : 1;
        var done = (int)Math.Round(fraction * BarWidth);
        var steps = training && progress.StepsPerEpoch > 0 ? $"  step {progress.Step}/{progress.StepsPerEpoch}" : "";
        var phase = stale && progress.Phase == "training" ? "evaluating" : progress.Phase;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {epoch} of {run.EpochsPlanned}  [green]{new string('━', done)}[/][grey]{new string('─', BarWidth - done)}[/] {fraction * 100,3:0}%{steps}  {Markup.Escape(phase)}  ({RunText.Elapsed(run)})");
    }
}
