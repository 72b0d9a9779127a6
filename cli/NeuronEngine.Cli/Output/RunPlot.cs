using System.Globalization;
using NeuronEngine.Contracts.V1;
using ScottPlot;

namespace NeuronEngine.Cli.Output;

/// <summary>
/// The training graph of a run as a PNG: training loss per epoch on the left axis, every eval metric per epoch on the
/// right axis (they live on different scales), the baselines of the primary metric (popularity, item-knn, ease) dashed, the
/// best epoch marked.
/// </summary>
public static class RunPlot
{
    /// <summary>Writes the graph of <paramref name="run"/>'s finished epochs to <paramref name="path"/> (PNG, pixels).</summary>
    /// <param name="run">The run.</param>
    /// <param name="templateName">The name of the run's template, for the title (the run itself carries only its id).</param>
    /// <param name="path">The PNG to write.</param>
    /// <param name="width">Pixels.</param>
    /// <param name="height">Pixels.</param>
    /// <exception cref="ArgumentException">The run has no finished epoch.</exception>
    public static void Write(Run run, string templateName, string path, int width = 1100, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Epochs.Count == 0)
        {
            throw new ArgumentException($"run {run.RunId} has no finished epoch to plot", nameof(run));
        }

        using var plot = new Plot();
        plot.Title($"Run {run.RunId} · {templateName} · {run.Recipe} · {RunText.Status(run.Status)}");
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "training loss";
        plot.Axes.Right.Label.Text = "eval metric";

        double[] xs = [.. run.Epochs.Select(e => (double)e.Epoch)];
        var loss = plot.Add.Scatter(xs, run.Epochs.Select(e => e.Loss).ToArray());
        loss.LegendText = "training loss (left)";
        loss.LineWidth = 2;
        loss.MarkerSize = 7;

        var primary = RunText.PrimaryMetric(run);
        foreach (var metric in RunText.MetricNames(run))
        {
            var points = run.Epochs.Where(e => e.Metrics.ContainsKey(metric)).ToList();
            var line = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => e.Metrics[metric]).ToArray());
            line.LegendText = metric == primary ? $"{metric} (primary)" : metric;
            line.Axes.YAxis = plot.Axes.Right;
            line.MarkerSize = 6;
            line.LineWidth = metric == primary ? 2 : 1;
        }

        Color[] colors = [Colors.Gray, Colors.Orange, Colors.Purple];
        for (var i = 0; i < RunText.Baselines.Count; i++)
        {
            if (run.FinalMetrics.TryGetValue($"{RunText.Baselines[i]}.{primary}", out var baseline))
            {
                var line = plot.Add.HorizontalLine(baseline);
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = LinePattern.Dashed;
                line.Color = colors[i];
                line.LegendText = $"{RunText.Baselines[i]} {primary}";
            }
        }

        var best = RunText.BestEpoch(run);
        if (best > 0)
        {
            var marker = plot.Add.VerticalLine(best);
            marker.LinePattern = LinePattern.Dotted;
            marker.Color = Colors.Green;
            marker.LabelText = string.Create(CultureInfo.InvariantCulture, $"best epoch {best}");
        }

        // Whole epochs only, with a margin so the first and last points are not on the frame; a run still going keeps
        // room for the epochs it plans, a finished one (early stopped, stopped) ends at its last epoch.
        var last = run.Epochs.Max(e => e.Epoch);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(Math.Max(1, last / 20));
        plot.Axes.SetLimitsX(0.5, (RunText.IsFinished(run.Status) ? last : Math.Max(run.EpochsPlanned, last)) + 0.5);
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, width, height);
    }
}
