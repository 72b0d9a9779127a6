namespace NeuronEngine.LoadTests.Reports;

/// <summary>One series (an operation such as recommend, track, ping): counts, rates and latency.</summary>
internal sealed record SeriesReport
{
    public string Name { get; init; } = "";

    public long Requests { get; init; }

    public long Ok { get; init; }

    public long Errors { get; init; }

    public IReadOnlyDictionary<string, long> ErrorsByStatus { get; init; } = new Dictionary<string, long>();

    /// <summary>Requests (answered or failed) per measured second.</summary>
    public double AchievedRate { get; init; }

    /// <summary>From the intended send time: what a user of the service would have seen.</summary>
    public LatencySummary Latency { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>From the actual send: excludes the generator's own start lag and queueing behind the in-flight limit.</summary>
    public LatencySummary ServiceLatency { get; init; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>This series' latency divided by ping's (null for ping itself or when ping did not run).</summary>
    public LatencyRatio? RatioToPing { get; init; }

    public IReadOnlyList<PhaseReport> Phases { get; init; } = [];

    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];
}
