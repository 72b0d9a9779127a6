using HdrHistogram;
using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Recording;
using NeuronEngine.LoadTests.Scenarios;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>Turns what a run recorded into a <see cref="RunReport"/>.</summary>
internal static class ReportBuilder
{
    public static RunReport Build(
        LoadOptions options,
        DateTimeOffset started,
        double measuredSeconds,
        LatencyRecorder recorder,
        IReadOnlyList<(string Name, GeneratorStats Stats)> generators,
        IReadOnlyDictionary<string, double> counters,
        IReadOnlyList<PromotionRecord> promotions,
        EngineMemoryReport? engine)
    {
        var snapshots = recorder.Series.Select(s => s.Snapshot()).ToList();
        var ping = snapshots.FirstOrDefault(s => s.Name == "ping" && s.Ok > 0);
        var pingLatency = ping is null ? null : LatencySummary.Of(ping.Latency);
        var profile = options.ClosedLoop ? null : options.Profile();
        return new RunReport
        {
            Scenario = options.Scenario,
            Started = started,
            Target = string.Join(',', options.Targets),
            Tenant = options.Tenant,
            Load = new LoadSummary
            {
                Mode = options.ClosedLoop ? "closed-loop" : "open-loop",
                Profile = profile?.Kind ?? "closed-loop",
                Rate = options.Rate,
                RampTo = options.RampTo,
                Steps = options.Steps,
                StepSeconds = options.Steps.Count > 0 ? options.StepDuration.TotalSeconds : 0,
                WarmupSeconds = options.Warmup.TotalSeconds,
                DurationSeconds = measuredSeconds,
                Connections = Math.Max(options.Connections, options.Targets.Count),
                MaxInFlight = options.MaxInFlight,
                PingRate = options.Scenario == "ping" ? 0 : options.PingRate,
                Seed = options.Seed,
                Users = options.Users,
                Items = options.Items,
                Count = options.Count,
                Filter = options.Filter,
                Batch = options.Batch,
                Streams = options.Streams,
            },
            Generators = [.. generators.Select(g => Summarise(g.Name, g.Stats))],
            Series = [.. snapshots.Select(s => Series(s, measuredSeconds, s == ping ? null : pingLatency))],
            Counters = counters,
            Promotions = promotions,
            Engine = engine,
        };
    }

    public static MachineSummary Machine(GeneratorStats probe, double rate) => new(
        rate,
        probe.Sent,
        Math.Round(probe.StartLagP50Ms, 3),
        Math.Round(probe.StartLagP99Ms, 3),
        Math.Round(probe.StartLagP999Ms, 3),
        Math.Round(probe.MaxStartLagMs, 3),
        probe.StartsLaterThan(1),
        probe.StartsLaterThan(2));

    private static GeneratorSummary Summarise(string name, GeneratorStats stats) => new(
        name,
        stats.Intended,
        stats.Sent,
        stats.NotSent,
        stats.LateStarts,
        GeneratorStats.LateThresholdMs,
        stats.LimitHits,
        Math.Round(stats.MaxStartLagMs, 3),
        Math.Round(stats.StartLagP50Ms, 3),
        Math.Round(stats.StartLagP99Ms, 3),
        stats.FellBehind,
        stats.Verdict());

    private static SeriesReport Series(SeriesSnapshot s, double measuredSeconds, LatencySummary? ping)
    {
        var latency = LatencySummary.Of(s.Latency);
        return new SeriesReport
        {
            Name = s.Name,
            Requests = s.Requests,
            Ok = s.Ok,
            Errors = s.ErrorCount,
            ErrorsByStatus = s.Errors,
            AchievedRate = Math.Round(s.Requests / Math.Max(measuredSeconds, 1e-9), 1),
            Latency = latency,
            ServiceLatency = LatencySummary.Of(s.Service),
            RatioToPing = ping is null || ping.P50 <= 0 ? null : new LatencyRatio(Ratio(latency.P50, ping.P50), Ratio(latency.P99, ping.P99), Ratio(latency.P999, ping.P999)),
            Phases = [.. s.Phases.Select(p => new PhaseReport(p.Key, p.Value.Requests, p.Value.Errors, LatencySummary.Of(p.Value.Latency)))],
            Timeline = [.. s.Seconds.Select((b, i) => Point(i, b.Requests, b.Errors, b.Latency))],
        };
    }

    private static TimelinePoint Point(int second, long requests, long errors, HistogramBase latency)
    {
        var summary = LatencySummary.Of(latency);
        return new TimelinePoint(second, requests, errors, summary.P50, summary.P90, summary.P99, summary.Max);
    }

    private static double Ratio(double value, double floor) => floor <= 0 ? 0 : Math.Round(value / floor, 2);
}
