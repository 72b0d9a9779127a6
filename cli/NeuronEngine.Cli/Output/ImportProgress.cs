using System.Diagnostics;
using System.Globalization;
using NeuronEngine.Cli.Input;
using Spectre.Console;

namespace NeuronEngine.Cli.Output;

/// <summary>
/// The progress bar of an import (bytes read of the file's size, and rows per second) on an interactive console;
/// nothing otherwise, where the final summary line is the only output.
/// </summary>
internal sealed class ImportProgress
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    private readonly RowReader rows;
    private readonly string noun;
    private readonly ProgressTask? task;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private TimeSpan last;
    private long latest;

    private ImportProgress(RowReader rows, string noun, ProgressTask? task)
    {
        this.rows = rows;
        this.noun = noun;
        this.task = task;
    }

    /// <summary>Runs <paramref name="work"/>, showing its progress when the console is interactive and the output is not JSON.</summary>
    public static async Task RunAsync(CliContext cli, RowReader rows, string noun, Func<ImportProgress, Task> work)
    {
        if (!cli.Console.IsInteractive || cli.Json)
        {
            await work(new ImportProgress(rows, noun, null));
            return;
        }

        await cli.Console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(rows.FileName), maxValue: Math.Max(rows.Length, 1));
                var progress = new ImportProgress(rows, noun, task);
                await work(progress);
                progress.Update(progress.latest, force: true);
                task.Value = task.MaxValue;
                task.StopTask();
            });
    }

    /// <summary>Reports <paramref name="sent"/> rows sent so far; cheap to call per row (redraws at most ten times a second).</summary>
    public void Update(long sent, bool force = false)
    {
        latest = sent;
        if (task is null || (!force && watch.Elapsed - last < Every))
        {
            return;
        }

        last = watch.Elapsed;
        task.Value = rows.Position;
        var rate = last.TotalSeconds > 0 ? sent / last.TotalSeconds : 0;
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{rows.FileName}: {sent:N0} {noun} ({rate:N0}/s)"));
    }
}
