using System.Globalization;
using System.Text;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>Two report.json side by side: every series both have, with B as a multiple of A.</summary>
internal static class ReportComparer
{
    public static string Render(RunReport a, string aName, RunReport b, string bName)
    {
        var text = new StringBuilder();
        text.Append($"A: {aName} ({a.Scenario}, {a.Started:yyyy-MM-dd HH:mm}, {a.Load.Profile} {a.Load.Rate:0.#} rps)\n");
        text.Append($"B: {bName} ({b.Scenario}, {b.Started:yyyy-MM-dd HH:mm}, {b.Load.Profile} {b.Load.Rate:0.#} rps)\n\n");
        text.Append("| series | metric | A | B | B / A |\n| --- | --- | ---: | ---: | ---: |\n");
        var names = a.Series.Select(s => s.Name).Union(b.Series.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var name in names)
        {
            var sa = a.Series.FirstOrDefault(s => s.Name == name);
            var sb = b.Series.FirstOrDefault(s => s.Name == name);
            Row(text, name, "achieved rps", sa?.AchievedRate, sb?.AchievedRate);
            Row(text, name, "errors", sa?.Errors, sb?.Errors);
            Row(text, name, "p50 ms", sa?.Latency.P50, sb?.Latency.P50);
            Row(text, name, "p90 ms", sa?.Latency.P90, sb?.Latency.P90);
            Row(text, name, "p99 ms", sa?.Latency.P99, sb?.Latency.P99);
            Row(text, name, "p99.9 ms", sa?.Latency.P999, sb?.Latency.P999);
            Row(text, name, "max ms", sa?.Latency.Max, sb?.Latency.Max);
            Row(text, name, "p99 / ping", sa?.RatioToPing?.P99, sb?.RatioToPing?.P99);
        }

        Row(text, "machine", "wake-up lateness p99 ms", a.Machine?.P99Ms, b.Machine?.P99Ms);
        Row(text, "machine", "wake-ups > 2 ms late", a.Machine?.Over2Ms, b.Machine?.Over2Ms);

        foreach (var counter in a.Counters.Keys.Union(b.Counters.Keys, StringComparer.Ordinal))
        {
            Row(text, "counters", counter, a.Counters.TryGetValue(counter, out var x) ? x : null, b.Counters.TryGetValue(counter, out var y) ? y : null);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string series, string metric, double? a, double? b)
    {
        if (a is null && b is null)
        {
            return;
        }

        var ratio = a is > 0 && b is not null ? (b.Value / a.Value).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";
        text.Append($"| {series} | {metric} | {Format(a)} | {Format(b)} | {ratio} |\n");
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "–";
}
