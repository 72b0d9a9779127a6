namespace NeuronEngine.Trainer.Datasets;

/// <summary>How the train/eval split holds out each user's latest interactions.</summary>
internal sealed class SplitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Split";

    /// <summary>The share of an eligible user's interactions held out for eval, above 0 and below 1. Default 0.2.</summary>
    public double EvalFraction { get; set; } = 0.2;

    /// <summary>
    /// The fewest (de-duplicated) interactions a user needs to have any held out; users with fewer are train
    /// only. At least 2, so every eligible user keeps one to train on. Default 5.
    /// </summary>
    public int MinUserInteractions { get; set; } = 5;

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(EvalFraction > 0 && EvalFraction < 1))
        {
            errors.Add($"{SectionName}:{nameof(EvalFraction)} must be above 0 and below 1, got {EvalFraction}");
        }

        if (MinUserInteractions < 2)
        {
            errors.Add($"{SectionName}:{nameof(MinUserInteractions)} must be at least 2, got {MinUserInteractions}");
        }

        return errors;
    }
}
