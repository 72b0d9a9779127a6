using System.Globalization;
using NeuronEngine.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli.Output;

/// <summary>The tables runs are shown in: the per-epoch metrics (best marked) and the final metrics against popularity.</summary>
public static class RunTables
{
    /// <summary>One row per finished epoch: loss and every eval metric, the best epoch marked with <c>*</c>.</summary>
    public static Table Epochs(Run run)
    {
        var metrics = RunText.MetricNames(run);
        var table = CliContext.Table(["EPOCH", "LOSS", .. metrics, "BEST"]);
        var best = RunText.BestEpoch(run);
        foreach (var epoch in run.Epochs)
        {
            var cells = new List<object?> { epoch.Epoch, RunText.Number(epoch.Loss) };
            cells.AddRange(metrics.Select(m => epoch.Metrics.TryGetValue(m, out var v) ? RunText.Number(v) : "-"));
            cells.Add(epoch.Epoch == best ? "*" : "");
            CliContext.Row(table, [.. cells]);
        }

        return table;
    }

    /// <summary>
    /// The final metrics (the shipped model's best epoch), each beside the baselines the run measured on the same eval
    /// users (popularity, item-knn, ease where the catalog allowed) and the relative gain over popularity.
    /// </summary>
    public static Table FinalMetrics(Run run)
    {
        var baselines = RunText.Baselines.Where(b => run.FinalMetrics.Keys.Any(k => k.StartsWith(b + ".", StringComparison.Ordinal))).ToList();
        var table = CliContext.Table(["METRIC", "MODEL", .. baselines.Select(b => b.ToUpperInvariant()), "GAIN"]);
        var names = run.FinalMetrics.Keys
            .Where(k => k != "epoch" && !k.Contains('.', StringComparison.Ordinal))
            .OrderBy(k => k == RunText.PrimaryMetric(run) ? 0 : 1)
            .ThenBy(k => k, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = run.FinalMetrics[name];
            var cells = new List<object?> { name, RunText.Number(value) };
            cells.AddRange(baselines.Select(b => run.FinalMetrics.TryGetValue($"{b}.{name}", out var v) ? RunText.Number(v) : "-"));
            var hasPopularity = run.FinalMetrics.TryGetValue("popularity." + name, out var popularity);
            cells.Add(hasPopularity && popularity > 0 ? ((value / popularity) - 1).ToString("+0%;-0%", CultureInfo.InvariantCulture) : "-");
            CliContext.Row(table, [.. cells]);
        }

        return table;
    }

    /// <summary>The candidates an <c>auto</c> run trained, one row each (<c>candidate.&lt;label&gt;.&lt;metric&gt;</c>); null for another recipe.</summary>
    public static Table? Candidates(Run run)
    {
        const string Prefix = "candidate.";
        var rows = run.FinalMetrics.Keys
            .Where(k => k.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(k => (Label: k[Prefix.Length..k.LastIndexOf('.')], Metric: k[(k.LastIndexOf('.') + 1)..], Value: run.FinalMetrics[k]))
            .Where(r => r.Metric.Length > 0 && r.Label.Length > 0)
            .ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var metrics = rows.Select(r => r.Metric).Distinct(StringComparer.Ordinal).OrderBy(m => m == RunText.PrimaryMetric(run) ? 0 : 1).ThenBy(m => m, StringComparer.Ordinal).ToList();
        var table = CliContext.Table(["CANDIDATE", .. metrics]);
        foreach (var candidate in rows.GroupBy(r => r.Label, StringComparer.Ordinal))
        {
            var values = candidate.ToDictionary(r => r.Metric, r => r.Value, StringComparer.Ordinal);
            CliContext.Row(table, [candidate.Key, .. metrics.Select(m => values.TryGetValue(m, out var v) ? RunText.Number(v) : "-")]);
        }

        return table;
    }

    /// <summary>Label/value pairs as a borderless two-column grid.</summary>
    public static Grid Fields(IEnumerable<(string Label, string Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in fields)
        {
            grid.AddRow(new Text(label), new Text(value));
        }

        return grid;
    }

    /// <summary>A heading line above a section.</summary>
    public static IRenderable Heading(string text) => new Text(text + Environment.NewLine, new Style(decoration: Decoration.Bold));
}
