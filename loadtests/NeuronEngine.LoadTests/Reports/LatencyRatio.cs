namespace NeuronEngine.LoadTests.Reports;

/// <summary>Latency as a multiple of the ping floor measured in the same run.</summary>
internal sealed record LatencyRatio(double P50, double P99, double P999);
