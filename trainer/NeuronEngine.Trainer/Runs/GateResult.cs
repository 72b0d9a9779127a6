namespace NeuronEngine.Trainer.Runs;

/// <summary>One rubric gate checked on the best epoch.</summary>
/// <param name="Name">The gate.</param>
/// <param name="MinValue">What it asked for: a relative gain over popularity, or an absolute floor.</param>
/// <param name="Value">What the run reached: the relative gain, or the metric.</param>
/// <param name="Passed">Whether <paramref name="Value"/> reached <paramref name="MinValue"/>.</param>
internal sealed record GateResult(string Name, double MinValue, double Value, bool Passed)
{
    /// <summary>Checks every gate of a rubric (already validated) on the best epoch's metrics.</summary>
    public static IReadOnlyList<GateResult> Evaluate(RubricSpec rubric, IReadOnlyDictionary<string, double> best, IReadOnlyDictionary<string, double> popularity)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(popularity);
        var results = new List<GateResult>();
        foreach (var gate in rubric.Gates ?? [])
        {
            var value = string.Equals(gate.Name, RubricValidator.BeatsPopularity, StringComparison.Ordinal)
                ? (best[rubric.PrimaryMetric] / popularity[rubric.PrimaryMetric]) - 1
                : best[gate.Name[RubricValidator.MinPrefix.Length..]];
            results.Add(new GateResult(gate.Name, gate.MinValue, value, value >= gate.MinValue));
        }

        return results;
    }
}
