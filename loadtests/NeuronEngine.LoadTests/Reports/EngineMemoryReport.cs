namespace NeuronEngine.LoadTests.Reports;

/// <summary>The engine's resident memory (VmRSS, bytes) through the run, when <c>--engine-pid</c> was given.</summary>
internal sealed record EngineMemoryReport(
    int Pid,
    long? RssStartBytes,
    long? RssEndBytes,
    long? RssAfterFirstPromotionBytes,
    long? RssAfterLastPromotionBytes,
    double? GrowthFirstToLastPercent);
