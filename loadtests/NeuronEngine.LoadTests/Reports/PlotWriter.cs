using ScottPlot;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>plot.png: latency percentiles per measured second for every series, promotions marked.</summary>
internal static class PlotWriter
{
    public static void Write(RunReport report, string path)
    {
        var plot = new Plot();
        plot.Title($"{report.Scenario}: latency per second (from intended send time)");
        plot.XLabel("seconds since warm-up ended");
        plot.YLabel("latency (ms)");
        foreach (var series in report.Series)
        {
            var points = series.Timeline.Where(p => p.Requests > p.Errors).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            double[] xs = [.. points.Select(p => p.Second + 0.5)];
            var percentiles = series.Name == "ping"
                ? [("p99", points.Select(p => p.P99))]
                : new[] { ("p50", points.Select(p => p.P50)), ("p99", points.Select(p => p.P99)), ("max", points.Select(p => p.Max)) };
            foreach (var (label, values) in percentiles)
            {
                var line = plot.Add.Scatter(xs, values.ToArray());
                line.LegendText = $"{series.Name} {label}";
                line.MarkerSize = points.Count > 60 ? 0 : 4;
                if (series.Name == "ping")
                {
                    line.LinePattern = LinePattern.Dashed;
                }
            }
        }

        foreach (var promotion in report.Promotions)
        {
            var marker = plot.Add.VerticalLine(promotion.AtSeconds);
            marker.LabelText = $"v{promotion.ToVersion}";
            marker.LinePattern = LinePattern.Dotted;
            marker.Color = promotion.Ok ? Colors.Gray : Colors.Red;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 600);
    }
}
