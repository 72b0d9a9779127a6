using System.Globalization;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Output;

/// <summary>How runs read on a terminal: status names, metrics, durations and the one-sentence outcome.</summary>
public static class RunText
{
    /// <summary>The metric early stopping watches when the run names none.</summary>
    public const string DefaultPrimaryMetric = "ndcg@10";

    /// <summary>The status as the API spells it: <c>EARLY_STOPPED</c>.</summary>
    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Queued => "QUEUED",
        RunStatus.Running => "RUNNING",
        RunStatus.Succeeded => "SUCCEEDED",
        RunStatus.Failed => "FAILED",
        RunStatus.Stopped => "STOPPED",
        RunStatus.EarlyStopped => "EARLY_STOPPED",
        _ => "UNSPECIFIED",
    };

    /// <summary>True once the run can no longer change.</summary>
    public static bool IsFinished(RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Stopped or RunStatus.EarlyStopped;

    /// <summary>True for the endings that registered a version.</summary>
    public static bool IsSuccess(RunStatus status) => status is RunStatus.Succeeded or RunStatus.EarlyStopped;

    /// <summary>The metric the run's rubric ranks epochs by.</summary>
    public static string PrimaryMetric(Run run) =>
        run.Rubric is { PrimaryMetric.Length: > 0 } rubric ? rubric.PrimaryMetric : DefaultPrimaryMetric;

    /// <summary>Every eval metric the run reported, the primary one first, then by name.</summary>
    public static IReadOnlyList<string> MetricNames(Run run)
    {
        var primary = PrimaryMetric(run);
        var names = run.Epochs.SelectMany(e => e.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Remove(primary) || names.Count == 0)
        {
            names.Insert(0, primary);
        }

        return names;
    }

    /// <summary>The epoch with the strictly best primary metric (the first of equals), as the trainer picks it; 0 when none.</summary>
    public static int BestEpoch(Run run)
    {
        if (run.FinalMetrics.TryGetValue("epoch", out var final) && final >= 1)
        {
            return (int)final;
        }

        var primary = PrimaryMetric(run);
        EpochMetrics? best = null;
        foreach (var epoch in run.Epochs)
        {
            if (epoch.Metrics.TryGetValue(primary, out var value) && (best is null || value > best.Metrics[primary]))
            {
                best = epoch;
            }
        }

        return best?.Epoch ?? 0;
    }

    /// <summary>A metric or loss with four decimals.</summary>
    public static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A duration as <c>1m 23s</c> or <c>4.2s</c>.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:D2}s");

    /// <summary>A timestamp in UTC, or "-" when unset.</summary>
    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? "-" : time.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture);

    /// <summary>The run's duration: recorded when it ended, else since it started.</summary>
    public static string Elapsed(Run run) =>
        run.Duration is { } d ? Duration(d.ToTimeSpan())
        : run.Started is { } s ? Duration(DateTimeOffset.UtcNow - s.ToDateTimeOffset())
        : "-";

    /// <summary><c>home-feed v3</c>, or "-" when no version was registered.</summary>
    public static string Version(Run run) =>
        run.Version is { Version: > 0 } v ? string.Create(CultureInfo.InvariantCulture, $"{v.Family} v{v.Version}") : "-";

    /// <summary>One plain line for a finished epoch: loss and every metric, marked when it is the best of the epochs so far.</summary>
    public static string EpochLine(Run run, EpochMetrics epoch)
    {
        var parts = new List<string> { $"epoch {epoch.Epoch}/{run.EpochsPlanned}", $"loss {Number(epoch.Loss)}" };
        parts.AddRange(MetricNames(run).Where(epoch.Metrics.ContainsKey).Select(m => $"{m} {Number(epoch.Metrics[m])}"));
        var line = string.Join("  ", parts);
        return BestEpoch(run) == epoch.Epoch ? line + "  (best so far)" : line;
    }

    /// <summary>What became of the run, in a sentence or two, with the registered version.</summary>
    /// <param name="run">The finished run.</param>
    /// <param name="tenant">The tenant the run was watched in, for the approve command it suggests; null: the default tenant.</param>
    public static string Outcome(Run run, string? tenant = null)
    {
        var status = Status(run.Status);
        var primary = PrimaryMetric(run);
        var best = BestEpoch(run);
        var quality = run.FinalMetrics.TryGetValue(primary, out var value)
            ? $"{primary} {Number(value)}{Baseline(run, primary, value)}"
            : "";
        return run.Status switch
        {
            RunStatus.Succeeded => Join($"{status} in {Elapsed(run)}: best epoch {best} of {run.Epochs.Count}", quality, Registered(run, tenant)),
            RunStatus.EarlyStopped => Join(
                $"{status} in {Elapsed(run)}: patience exhausted at epoch {run.Epochs.LastOrDefault()?.Epoch ?? 0} "
                + $"({Patience(run)} evaluation(s) without a better {primary}); best epoch {best} restored",
                quality,
                Registered(run, tenant)),
            RunStatus.Failed => $"{status} after {Elapsed(run)}: {(run.Error.Length > 0 ? run.Error : "no reason recorded")}",
            RunStatus.Stopped => $"{status} after {Elapsed(run)}{(run.Error.Length > 0 ? ": " + run.Error : "")}; no version registered",
            _ => $"{status} ({run.Progress?.Phase ?? "queued"})",
        };
    }

    /// <summary>The baselines a run reports beside its metrics (<c>&lt;baseline&gt;.&lt;metric&gt;</c> in the final metrics), in display order.</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["popularity", "item-knn", "ease"];

    /// <summary>
    /// The gates as the final metrics judged them, e.g. <c>beats_popularity passed</c>: the rubric's, then the baseline
    /// gates every run reports (<c>beats_popularity</c>, <c>beats_neighbours</c> at a gain of 0) when the rubric lacks them.
    /// </summary>
    public static IReadOnlyList<(string Name, double MinValue, bool? Passed)> Gates(Run run)
    {
        var gates = (run.Rubric?.Gates ?? []).Select(g => (g.Name, g.MinValue,
            run.FinalMetrics.TryGetValue("gate." + g.Name, out var passed) ? passed >= 1 : (bool?)null)).ToList();
        foreach (var key in run.FinalMetrics.Keys.Where(k => k.StartsWith("gate.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = key["gate.".Length..];
            if (!gates.Any(g => g.Name == name))
            {
                gates.Add((name, 0, run.FinalMetrics[key] >= 1));
            }
        }

        return gates;
    }

    private static int Patience(Run run) => run.Rubric is { HasPatience: true } r ? r.Patience : 3;

    private static string Baseline(Run run, string primary, double value) =>
        run.FinalMetrics.TryGetValue("popularity." + primary, out var popularity) && popularity > 0
            ? string.Create(CultureInfo.InvariantCulture, $" (popularity {Number(popularity)}, {(value / popularity) - 1:+0%;-0%})")
            : "";

    private static string Registered(Run run, string? tenant)
    {
        if (run.Version is not { Version: > 0 } v)
        {
            return "";
        }

        var gates = Gates(run).Where(g => g.Passed is not null).Select(g => $"gate {g.Name} {(g.Passed == true ? "passed" : "FAILED")}");
        return string.Join("; ", gates.Prepend(string.Create(
            CultureInfo.InvariantCulture,
            $"registered {v.Family} v{v.Version} PENDING (approve: neuron models approve {v.Family} {v.Version}{(string.IsNullOrEmpty(tenant) ? "" : $" -t {tenant}")})")));
    }

    private static string Join(params string[] parts) => string.Join("; ", parts.Where(p => p.Length > 0));
}
