using System.Globalization;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Server.Console.Models;

/// <summary>
/// What the Training Jobs and run pages (and <c>/console/api/runs/{id}</c>) say about a run, from the run store's
/// record: its duration, best metric, the baselines the trainer reported, and the early-stop decision.
/// </summary>
internal static class RunView
{
    /// <summary>The names under which the trainer reports its baselines in a run's final metrics (<c>popularity.ndcg@10</c>).</summary>
    public static IReadOnlyList<string> Baselines { get; } = ["popularity", "item-knn", "ease"];

    /// <summary>The evaluation metrics each epoch reports (<see cref="RunRules.Metrics"/>).</summary>
    public static IReadOnlyList<string> Metrics => RunRules.Metrics;

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.EarlyStopped => "Early stopped",
        _ => status.ToString(),
    };

    /// <summary>How long it ran (or has run), or null before a trainer took it.</summary>
    public static TimeSpan? Duration(TrainingRun run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Started is { } started ? (run.Finished ?? now) - started : null;
    }

    public static string DurationText(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalHours: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours} h {d.Minutes} min"),
        { TotalMinutes: >= 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes} min {d.Seconds} s"),
        { } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s"),
    };

    /// <summary>The run's primary metric: the final value once it registered a version, else the best epoch so far; null before any epoch.</summary>
    public static double? BestMetric(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var metric = run.Spec.Rubric.PrimaryMetric;
        if (run.FinalMetrics.TryGetValue(metric, out var final))
        {
            return final;
        }

        var values = run.EpochResults.Where(e => e.Metrics.ContainsKey(metric)).Select(e => e.Metrics[metric]).ToList();
        return values.Count == 0 ? null : values.Max();
    }

    /// <summary>Each baseline's value of <paramref name="metric"/>, as the trainer reported them with the run's final metrics.</summary>
    public static IReadOnlyDictionary<string, double> BaselinesOf(TrainingRun run, string metric)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var baseline in Baselines)
        {
            if (run.FinalMetrics.TryGetValue($"{baseline}.{metric}", out var value))
            {
                result[baseline] = value;
            }
        }

        return result;
    }

    /// <summary>The epoch with the best primary metric so far (the first of equals, as the trainer keeps it), or null.</summary>
    public static int? BestEpoch(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.FinalMetrics.TryGetValue("epoch", out var final))
        {
            return (int)final;
        }

        var metric = run.Spec.Rubric.PrimaryMetric;
        RunEpoch? best = null;
        foreach (var epoch in run.EpochResults)
        {
            if (epoch.Metrics.TryGetValue(metric, out var value) && (best is null || value > best.Metrics[metric]))
            {
                best = epoch;
            }
        }

        return best?.Epoch;
    }

    /// <summary>The early-stop decision in words: made (and where), not needed, or still open.</summary>
    public static string EarlyStop(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rubric = run.Spec.Rubric;
        var last = run.EpochResults.Count == 0 ? 0 : run.EpochResults[^1].Epoch;
        var best = BestEpoch(run);
        var bestText = best is { } b ? $"; best epoch {b}" : "";
        return run.Status switch
        {
            RunStatus.EarlyStopped =>
                $"Stopped early after epoch {last} of {run.Spec.Epochs}: {rubric.PrimaryMetric} did not improve for {rubric.Patience} epoch(s){bestText}, whose weights were kept.",
            RunStatus.Succeeded =>
                $"Not stopped early: {run.EpochResults.Count} evaluated epoch(s) of {run.Spec.Epochs} planned, patience {rubric.Patience} on {rubric.PrimaryMetric}{bestText}.",
            RunStatus.Running when last > 0 =>
                $"Open: patience {rubric.Patience} on {rubric.PrimaryMetric}; {last - (best ?? last)} epoch(s) since the best so far{bestText}.",
            RunStatus.Queued or RunStatus.Running =>
                $"Open: the run stops early when {rubric.PrimaryMetric} does not improve for {rubric.Patience} epoch(s).",
            _ => $"None: the run ended {Status(run.Status).ToLowerInvariant()} before a decision.",
        };
    }

    public static string Progress(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var p = run.Progress;
        if (run.IsFinished)
        {
            return $"finished {(run.Finished is { } at ? ProductionView.Time(at) : "")}".TrimEnd();
        }

        return p.Epoch > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Phase}, epoch {p.Epoch} of {run.Spec.Epochs}{(p.StepsPerEpoch > 0 ? $", step {p.Step} of {p.StepsPerEpoch}" : "")}")
            : p.Phase;
    }
}

/// <summary>The run page's small JSON attribute (the metric names the script fills the epochs table with).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class RunPageJson : System.Text.Json.Serialization.JsonSerializerContext;
