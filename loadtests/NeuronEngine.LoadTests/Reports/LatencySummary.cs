using HdrHistogram;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary Of(HistogramBase micros) => micros.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            Ms(micros.GetValueAtPercentile(50)),
            Ms(micros.GetValueAtPercentile(90)),
            Ms(micros.GetValueAtPercentile(99)),
            Ms(micros.GetValueAtPercentile(99.9)),
            Ms(micros.GetMaxValue()),
            Math.Round(micros.GetMean() / 1000.0, 3));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
