using System.Globalization;
using System.Text;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>report.md: the figures a person reads, from a <see cref="RunReport"/>.</summary>
internal static class MarkdownReport
{
    public static string Render(RunReport r)
    {
        var md = new StringBuilder();
        var l = r.Load;
        Line(md, $"# Load test: {r.Scenario}");
        Line(md, "");
        Line(md, $"{r.Started:yyyy-MM-dd HH:mm:ss} UTC, target {r.Target}, tenant `{r.Tenant}`.");
        Line(md, $"Load: {l.Mode}, {Describe(l)}, warm-up {l.WarmupSeconds:0.#} s, measured {l.DurationSeconds:0.#} s; " +
            $"{l.Connections} connections, at most {l.MaxInFlight} in flight, seed {l.Seed}" + (l.PingRate > 0 ? $", ping alongside at {l.PingRate:0.#} rps." : "."));
        Line(md, "Latency runs from each request's intended send time, so generator lag and server stalls both count (no coordinated omission); service latency runs from the actual send.");
        Line(md, "");
        Line(md, "## Generator");
        Line(md, "");
        foreach (var g in r.Generators)
        {
            Line(md, $"- **{g.Name}**: {(g.FellBehind ? "**" + g.Verdict + "**" : g.Verdict)}; start lag p50 {g.StartLagP50Ms:0.###} ms, p99 {g.StartLagP99Ms:0.###} ms.");
        }

        if (r.Machine is { } m)
        {
            Line(md, "");
            Line(md, "## Machine");
            Line(md, "");
            Line(md, $"A thread that only sleeps, waking {m.Rate:0.#} times a second, woke late by p50 {m.P50Ms:0.###} ms, p99 {m.P99Ms:0.###} ms, " +
                $"p99.9 {m.P999Ms:0.###} ms, max {m.MaxMs:0.###} ms; {m.Over1Ms} of {m.Wakeups} wake-ups more than 1 ms late, {m.Over2Ms} more than 2 ms. " +
                "Every request waits for wake-ups like these, so no latency here can be read below this floor.");
        }

        Line(md, "");
        Line(md, "## Results (ms)");
        Line(md, "");
        Line(md, "| series | requests | achieved rps | errors | p50 | p90 | p99 | p99.9 | max | p50 / ping | p99 / ping | service p99 |");
        Line(md, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in r.Series)
        {
            var x = s.Latency;
            var ratio = s.RatioToPing;
            Line(md, $"| {s.Name} | {s.Requests} | {s.AchievedRate:0.#} | {s.Errors} | {x.P50:0.###} | {x.P90:0.###} | {x.P99:0.###} | {x.P999:0.###} | {x.Max:0.###} | " +
                $"{(ratio is null ? "–" : ratio.P50.ToString("0.##", CultureInfo.InvariantCulture) + "×")} | {(ratio is null ? "–" : ratio.P99.ToString("0.##", CultureInfo.InvariantCulture) + "×")} | {s.ServiceLatency.P99:0.###} |");
        }

        Line(md, "");
        Line(md, "## Errors by status");
        Line(md, "");
        var errors = r.Series.SelectMany(s => s.ErrorsByStatus.Select(e => (s.Name, e.Key, e.Value))).ToList();
        Line(md, errors.Count == 0 ? "None." : "| series | status | count |\n| --- | --- | ---: |\n" + string.Join('\n', errors.Select(e => $"| {e.Name} | {e.Key} | {e.Value} |")));
        WritePhases(md, r);
        WritePromotions(md, r);
        if (r.Counters.Count > 0)
        {
            Line(md, "");
            Line(md, "## Counters");
            Line(md, "");
            foreach (var (name, value) in r.Counters)
            {
                Line(md, $"- {name}: {value:#,0.##}");
            }
        }

        if (r.Files is { } files)
        {
            Line(md, "");
            Line(md, $"![latency over time]({Path.GetFileName(files.Plot)})");
        }

        return md.ToString();
    }

    private static void WritePhases(StringBuilder md, RunReport r)
    {
        var phases = r.Series.Where(s => s.Phases.Count > 0).ToList();
        if (phases.Count == 0)
        {
            return;
        }

        Line(md, "");
        Line(md, "## Phases (ms)");
        Line(md, "");
        Line(md, "| series | phase | requests | errors | p50 | p99 | p99.9 | max |");
        Line(md, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in phases)
        {
            foreach (var p in s.Phases)
            {
                Line(md, $"| {s.Name} | {p.Name} | {p.Requests} | {p.Errors} | {p.Latency.P50:0.###} | {p.Latency.P99:0.###} | {p.Latency.P999:0.###} | {p.Latency.Max:0.###} |");
            }
        }
    }

    private static void WritePromotions(StringBuilder md, RunReport r)
    {
        if (r.Promotions.Count == 0 && r.Engine is null)
        {
            return;
        }

        Line(md, "");
        Line(md, "## Promotions and engine memory");
        Line(md, "");
        if (r.Promotions.Count > 0)
        {
            Line(md, "| # | at s | from → to | took ms | result | engine RSS MiB |");
            Line(md, "| ---: | ---: | --- | ---: | --- | ---: |");
            foreach (var p in r.Promotions)
            {
                Line(md, $"| {p.Number} | {p.AtSeconds:0.0} | v{p.FromVersion} → v{p.ToVersion} | {p.DurationMs:0} | {(p.Ok ? "ok" : p.Error)} | {Mib(p.EngineRssBytes)} |");
            }
        }

        if (r.Engine is { } e)
        {
            Line(md, "");
            Line(md, $"Engine pid {e.Pid}: RSS {Mib(e.RssStartBytes)} MiB at start, {Mib(e.RssEndBytes)} MiB at the end" +
                (e.GrowthFirstToLastPercent is { } g ? $"; after the first promotion {Mib(e.RssAfterFirstPromotionBytes)} MiB, after the last {Mib(e.RssAfterLastPromotionBytes)} MiB ({g:+0.0;-0.0;0} %)." : "."));
        }
    }

    private static string Describe(LoadSummary l) => l.Profile switch
    {
        "ramp" => $"ramp {l.Rate:0.#} → {l.RampTo:0.#} rps",
        "steps" => $"steps {string.Join(", ", l.Steps.Select(s => s.ToString("0.#", CultureInfo.InvariantCulture)))} rps × {l.StepSeconds:0.#} s",
        "closed-loop" => $"{l.Streams} streams × batches of {l.Batch}",
        _ => $"constant {l.Rate:0.#} rps",
    };

    private static string Mib(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "–";

    private static void Line(StringBuilder md, string line) => md.Append(line).Append('\n');
}
