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

    /// <summary>The final metrics (the best epoch's), each beside the popularity baseline and the relative gain.</summary>
    public static Table FinalMetrics(Run run)
    {
        var table = CliContext.Table("METRIC", "MODEL", "POPULARITY", "GAIN");
        var names = run.FinalMetrics.Keys
            .Where(k => k != "epoch" && !k.StartsWith("popularity.", StringComparison.Ordinal) && !k.StartsWith("gate.", StringComparison.Ordinal))
            .OrderBy(k => k == RunText.PrimaryMetric(run) ? 0 : 1)
            .ThenBy(k => k, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = run.FinalMetrics[name];
            var hasBaseline = run.FinalMetrics.TryGetValue("popularity." + name, out var baseline);
            CliContext.Row(
                table,
                name,
                RunText.Number(value),
                hasBaseline ? RunText.Number(baseline) : "-",
                hasBaseline && baseline > 0 ? ((value / baseline) - 1).ToString("+0%;-0%", CultureInfo.InvariantCulture) : "-");
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
