using NeuronEngine.Core;
using NeuronEngine.Trainer.Evaluation;

namespace NeuronEngine.Trainer.Runs;

/// <summary>
/// Checks a rubric against the run's eval set before anything trains, so a run that could never be judged fails at
/// once rather than after hours: every problem is listed in one FailedPrecondition <c>rubric: …</c>.
/// </summary>
internal static class RubricValidator
{
    /// <summary>The gate comparing the primary metric with the popularity baseline.</summary>
    public const string BeatsPopularity = "beats_popularity";

    /// <summary>The gate comparing the primary metric with the item-kNN baseline on the same eval set.</summary>
    public const string BeatsNeighbours = "beats_neighbours";

    /// <summary>The prefix of an absolute-floor gate (<c>min_ndcg@10</c>).</summary>
    public const string MinPrefix = "min_";

    /// <param name="rubric">The run's rubric.</param>
    /// <param name="evalUsers">Eval users the run will average over.</param>
    /// <param name="items">Items in the catalog.</param>
    /// <param name="popularity">The popularity baseline on those users.</param>
    /// <exception cref="NeuronException">FailedPrecondition <c>rubric: …</c> listing every problem.</exception>
    public static void Validate(RubricSpec rubric, int evalUsers, int items, EvaluationResult popularity)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(popularity);
        var errors = new List<string>();
        var known = string.Join(", ", RunMetrics.Names);
        if (RunMetrics.Cutoff(rubric.PrimaryMetric) is not { } k)
        {
            errors.Add($"unknown primary metric \"{rubric.PrimaryMetric}\"; known: {known}");
        }
        else if (items < k)
        {
            errors.Add($"primary metric {rubric.PrimaryMetric} needs at least {k} items, the catalog has {items}");
        }

        if (rubric.Patience < 1)
        {
            errors.Add($"patience must be 1 or more, got {rubric.Patience}");
        }

        if (evalUsers == 0)
        {
            errors.Add("the eval set has no users with held-out interactions, so nothing can be measured");
        }

        foreach (var gate in rubric.Gates ?? [])
        {
            CheckGate(gate, rubric.PrimaryMetric, items, evalUsers, popularity, errors);
        }

        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.FailedPrecondition, string.Join("; ", errors), "rubric");
        }
    }

    private static void CheckGate(RubricGateSpec gate, string primary, int items, int evalUsers, EvaluationResult popularity, List<string> errors)
    {
        if (!double.IsFinite(gate.MinValue))
        {
            errors.Add($"gate {gate.Name}: the value must be a finite number, got {gate.MinValue}");
        }

        if (string.Equals(gate.Name, BeatsPopularity, StringComparison.Ordinal))
        {
            var baseline = RunMetrics.Cutoff(primary) is null ? 0 : RunMetrics.Of(popularity)[primary];
            if (evalUsers > 0 && baseline <= 0)
            {
                errors.Add($"gate {BeatsPopularity}: popularity scores {primary} = 0 on this eval set, so no relative gain over it can be measured");
            }

            return;
        }

        if (string.Equals(gate.Name, BeatsNeighbours, StringComparison.Ordinal))
        {
            return;
        }

        var metric = gate.Name.StartsWith(MinPrefix, StringComparison.Ordinal) ? gate.Name[MinPrefix.Length..] : null;
        if (metric is null || RunMetrics.Cutoff(metric) is not { } k)
        {
            errors.Add($"unknown gate \"{gate.Name}\"; known: {BeatsPopularity}, {BeatsNeighbours}, {string.Join(", ", RunMetrics.Names.Select(m => MinPrefix + m))}");
        }
        else if (items < k)
        {
            errors.Add($"gate {gate.Name} needs at least {k} items, the catalog has {items}");
        }
        else if (gate.MinValue is < 0 or > 1)
        {
            errors.Add($"gate {gate.Name}: the floor must be 0–1, got {gate.MinValue}");
        }
    }
}
