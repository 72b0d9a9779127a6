using System.Globalization;
using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Scenarios;
using Spectre.Console;

namespace NeuronEngine.LoadTests.Live;

/// <summary>
/// Progress while a run goes: a live table on a terminal, or one plain line per second when the output is
/// redirected (CI logs, tests) or <c>--plain</c> is given. Shows the last full second: rate, p99, errors.
/// </summary>
internal sealed class LiveView(LoadOptions options, ScenarioContext context, IReadOnlyList<(string Name, GeneratorStats Stats)> generators)
{
    public async Task RunUntilAsync(Task run, CancellationToken cancellationToken)
    {
        var interactive = !options.Plain && ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected;
        if (!interactive)
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
                if (!run.IsCompleted)
                {
                    await context.Output.WriteLineAsync(Line());
                }
            }

            return;
        }

        var table = new Table().AddColumns("series", "rate (rps)", "p99 (ms)", "errors");
        await AnsiConsole.Live(table).StartAsync(async live =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
                Fill(table);
                live.Refresh();
            }
        });
    }

    private void Fill(Table table)
    {
        table.Rows.Clear();
        var (second, elapsed) = Clock();
        table.Title = new TableTitle(Markup.Escape($"{options.Scenario}: {Progress(elapsed)}; {Generators()}"));
        foreach (var series in context.Recorder.Series)
        {
            var (requests, _, p99) = series.Second(second);
            table.AddRow(series.Name, requests.ToString(CultureInfo.InvariantCulture), (p99 / 1000.0).ToString("0.###", CultureInfo.InvariantCulture), series.TotalErrors().ToString(CultureInfo.InvariantCulture));
        }
    }

    private string Line()
    {
        var (second, elapsed) = Clock();
        var parts = context.Recorder.Series.Select(s =>
        {
            var (requests, _, p99) = s.Second(second);
            return string.Create(CultureInfo.InvariantCulture, $"{s.Name} {requests} rps p99 {p99 / 1000.0:0.###} ms errors {s.TotalErrors()}");
        });
        return $"[{Progress(elapsed)}] {string.Join(" | ", parts)} | {Generators()}";
    }

    /// <summary>The last complete measured second, and seconds since the measurement start (negative in warm-up).</summary>
    private (int Second, double Elapsed) Clock()
    {
        var elapsed = context.Recorder.SecondsSinceStart(context.Clock.GetTimestamp());
        return ((int)Math.Floor(elapsed) - 1, elapsed);
    }

    private string Progress(double elapsed)
    {
        var total = options.Steps.Count > 0 ? options.StepDuration.TotalSeconds * options.Steps.Count : options.Duration.TotalSeconds;
        return elapsed < 0
            ? string.Create(CultureInfo.InvariantCulture, $"warm-up {-elapsed:0}s left")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(elapsed, total):0}/{total:0} s");
    }

    private string Generators() => string.Join(", ", generators.Select(g => string.Create(CultureInfo.InvariantCulture,
        $"{g.Name} sent {g.Stats.Sent}/{g.Stats.Intended} late {g.Stats.LateStarts}")));
}
