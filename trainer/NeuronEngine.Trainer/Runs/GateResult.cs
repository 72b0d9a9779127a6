namespace NeuronEngine.Trainer.Runs;

/// <summary>One rubric gate checked on the best epoch.</summary>
/// <param name="Name">The gate.</param>
/// <param name="MinValue">What it asked for: a relative gain over a baseline, or an absolute floor.</param>
/// <param name="Value">What the run reached: the relative gain, or the metric.</param>
/// <param name="Passed">Whether <paramref name="Value"/> reached <paramref name="MinValue"/>.</param>
internal sealed record GateResult(string Name, double MinValue, double Value, bool Passed)
{
    /// <summary>
    /// Checks every gate of a rubric (already validated) on the best epoch's metrics, and adds the two baseline gates
    /// every run reports — <c>beats_popularity</c> and <c>beats_neighbours</c> at a gain of 0 — when the rubric does not
    /// set them.
    /// </summary>
    /// <param name="rubric">The run's rubric.</param>
    /// <param name="best">The shipped candidate's best-epoch metrics.</param>
    /// <param name="popularity">The popularity baseline's metrics on the same eval users.</param>
    /// <param name="neighbours">The item-kNN baseline's metrics on the same eval users, or null when none was measured.</param>
    public static IReadOnlyList<GateResult> Evaluate(
        RubricSpec rubric, IReadOnlyDictionary<string, double> best, IReadOnlyDictionary<string, double> popularity, IReadOnlyDictionary<string, double>? neighbours)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(popularity);
        var primary = rubric.PrimaryMetric;
        var results = new List<GateResult>();
        var gates = (rubric.Gates ?? []).ToList();
        foreach (var standard in new[] { RubricValidator.BeatsPopularity, RubricValidator.BeatsNeighbours })
        {
            if (!gates.Any(g => string.Equals(g.Name, standard, StringComparison.Ordinal)))
            {
                gates.Add(new RubricGateSpec(standard, 0));
            }
        }

        foreach (var gate in gates)
        {
            double value;
            if (string.Equals(gate.Name, RubricValidator.BeatsPopularity, StringComparison.Ordinal))
            {
                value = Gain(best[primary], popularity[primary]);
            }
            else if (string.Equals(gate.Name, RubricValidator.BeatsNeighbours, StringComparison.Ordinal))
            {
                if (neighbours is null)
                {
                    continue;
                }

                value = Gain(best[primary], neighbours[primary]);
            }
            else
            {
                value = best[gate.Name[RubricValidator.MinPrefix.Length..]];
            }

            results.Add(new GateResult(gate.Name, gate.MinValue, value, value >= gate.MinValue));
        }

        return results;
    }

    /// <summary>The relative gain of <paramref name="value"/> over <paramref name="baseline"/>; over a zero baseline any hit counts as a gain of 1.</summary>
    private static double Gain(double value, double baseline) =>
        baseline > 0 ? (value / baseline) - 1 : value > 0 ? 1 : 0;
}
