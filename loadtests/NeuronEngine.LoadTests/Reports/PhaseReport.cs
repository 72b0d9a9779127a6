namespace NeuronEngine.LoadTests.Reports;

/// <summary>A phase of a series: a step of a staircase profile, or hotswap's "steady" / "swap".</summary>
internal sealed record PhaseReport(string Name, long Requests, long Errors, LatencySummary Latency);
