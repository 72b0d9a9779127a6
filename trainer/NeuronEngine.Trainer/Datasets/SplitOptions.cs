namespace NeuronEngine.Trainer.Datasets;

/// <summary>How the train/eval split holds out part of each user's interactions.</summary>
internal sealed class SplitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Split";

    /// <summary>Hold out a seeded random share of each user's items (RECIPES.md's protocol).</summary>
    public const string RandomProtocol = "random";

    /// <summary>Hold out each user's newest items (next-event prediction).</summary>
    public const string LatestProtocol = "latest";

    /// <summary>
    /// <c>random</c> (default): each eligible user's held-out items are a seeded random share, the protocol quality is
    /// judged by from outside (RECIPES.md), so the metrics a run reports and the candidate <c>auto</c> picks agree with
    /// what a team measures through Recommend on that protocol. <c>latest</c>: the newest share, for teams that judge by
    /// next-event prediction.
    /// </summary>
    public string Protocol { get; set; } = RandomProtocol;

    /// <summary>Seeds the <c>random</c> protocol; a run sets it to the run's seed.</summary>
    public long Seed { get; set; }

    /// <summary>The share of an eligible user's interactions held out for eval, above 0 and below 1. Default 0.2.</summary>
    public double EvalFraction { get; set; } = 0.2;

    /// <summary>
    /// The fewest (de-duplicated) interactions a user needs to have any held out; users with fewer are train
    /// only. At least 2, so every eligible user keeps one to train on. Default 5.
    /// </summary>
    public int MinUserInteractions { get; set; } = 5;

    /// <summary>A copy seeded with <paramref name="seed"/> (a run's own split).</summary>
    public SplitOptions WithSeed(long seed) => new() { Protocol = Protocol, Seed = seed, EvalFraction = EvalFraction, MinUserInteractions = MinUserInteractions };

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(EvalFraction > 0 && EvalFraction < 1))
        {
            errors.Add($"{SectionName}:{nameof(EvalFraction)} must be above 0 and below 1, got {EvalFraction}");
        }

        if (Protocol is not (RandomProtocol or LatestProtocol))
        {
            errors.Add($"{SectionName}:{nameof(Protocol)} must be {RandomProtocol} or {LatestProtocol}, got {Protocol}");
        }

        if (MinUserInteractions < 2)
        {
            errors.Add($"{SectionName}:{nameof(MinUserInteractions)} must be at least 2, got {MinUserInteractions}");
        }

        return errors;
    }
}
