using System.Text;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>The few lines printed at the end of a run.</summary>
internal static class Summary
{
    public static string Of(RunReport r)
    {
        var text = new StringBuilder();
        foreach (var s in r.Series)
        {
            var x = s.Latency;
            text.Append($"{s.Name}: {s.Requests} requests, {s.AchievedRate:0.#} rps, errors {s.Errors}; ms p50 {x.P50:0.###} p90 {x.P90:0.###} p99 {x.P99:0.###} p99.9 {x.P999:0.###} max {x.Max:0.###}");
            text.Append(s.RatioToPing is { } ratio ? $" (p99 {ratio.P99:0.##}× ping)\n" : "\n");
        }

        if (r.Machine is { } m)
        {
            text.Append($"machine: sleeps woke late p50 {m.P50Ms:0.###} p99 {m.P99Ms:0.###} max {m.MaxMs:0.###} ms; {m.Over2Ms} of {m.Wakeups} more than 2 ms late\n");
        }

        foreach (var (name, value) in r.Counters)
        {
            text.Append($"{name}: {value:0.##}\n");
        }

        foreach (var g in r.Generators.Where(g => g.FellBehind))
        {
            text.Append($"WARNING {g.Name}: {g.Verdict}\n");
        }

        if (r.Files is { } files)
        {
            text.Append($"report.json: {files.Json}\nreport.md: {files.Markdown}\nplot.png: {files.Plot}");
        }

        return text.ToString();
    }
}
