namespace NeuronEngine.LoadTests.Reports;

/// <summary>One measured second (by intended send time) of a series; latencies in ms.</summary>
internal sealed record TimelinePoint(int Second, long Requests, long Errors, double P50, double P90, double P99, double Max);
