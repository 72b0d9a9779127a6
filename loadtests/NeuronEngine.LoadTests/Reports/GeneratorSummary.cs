namespace NeuronEngine.LoadTests.Reports;

/// <summary>One timing loop's account of itself over the measured time.</summary>
internal sealed record GeneratorSummary(
    string Name,
    long Intended,
    long Sent,
    long NotSent,
    long LateStarts,
    double LateThresholdMs,
    long LimitHits,
    double MaxStartLagMs,
    double StartLagP50Ms,
    double StartLagP99Ms,
    bool FellBehind,
    string Verdict);
