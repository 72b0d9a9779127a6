using NeuronEngine.LoadTests.Scenarios;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>The content of report.json: everything a run measured. Latencies in ms, rates in requests/s, memory in bytes.</summary>
internal sealed record RunReport
{
    public string Tool { get; init; } = "NeuronEngine.LoadTests";

    public string Scenario { get; init; } = "";

    public DateTimeOffset Started { get; init; }

    public string Target { get; init; } = "";

    public string Tenant { get; init; } = "";

    public LoadSummary Load { get; init; } = new();

    /// <summary>How well each timing loop ("main", "ping") kept its schedule.</summary>
    public IReadOnlyList<GeneratorSummary> Generators { get; init; } = [];

    public IReadOnlyList<SeriesReport> Series { get; init; } = [];

    /// <summary>The machine's scheduling floor over the measured time (null when the probe was off).</summary>
    public MachineSummary? Machine { get; init; }

    /// <summary>Scenario counters: events acknowledged, eventsPerSecond, exclusion checks…</summary>
    public IReadOnlyDictionary<string, double> Counters { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<PromotionRecord> Promotions { get; init; } = [];

    public EngineMemoryReport? Engine { get; init; }

    public ReportFiles? Files { get; init; }

    /// <summary>Total errors over every series.</summary>
    public long Errors => Series.Sum(s => s.Errors);
}
