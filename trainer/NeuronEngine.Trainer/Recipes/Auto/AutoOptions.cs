using System.Text.Json.Nodes;

namespace NeuronEngine.Trainer.Recipes.Auto;

/// <summary>Options of the <c>auto</c> recipe (section <c>Trainer:Auto</c>).</summary>
internal sealed class AutoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Auto";

    /// <summary>
    /// Wall time the candidates may take together, 1 minute or more: candidates run cheapest first, and once the budget
    /// is spent the rest are skipped (recorded in the manifest). Default 30 minutes.
    /// </summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest catalog <c>ease</c> is tried on (its fit is O(items³)), 0 to never try it. Default 8,192.</summary>
    public int EaseMaxItems { get; set; } = 8192;

    /// <summary>
    /// The penalties λ <c>ease</c> is tried with, each one candidate. The best λ depends on the data (measured: 50 on the
    /// synthetic shop, 500 on the ratings-shaped set, 15–20 % NDCG@10 apart), and the eval set finds it for the price
    /// of one fit each. Default 50, 200, 500, 1500.
    /// </summary>
    public double[] EaseLambdas { get; set; } = [50, 200, 500, 1500];

    /// <summary>The largest catalog <c>pooled-history</c> is tried on (its full softmax is O(items) per sample), 0 to never try it. Default 100,000.</summary>
    public int PooledHistoryMaxItems { get; set; } = 100_000;

    /// <summary>
    /// The relative margin, 0–0.5, within which candidates count as tied with the best on the eval set (a tie goes to
    /// the recipe with the stronger record: <see cref="AutoRecipe.Choose"/>). Default 0.02.
    /// </summary>
    public double Tolerance { get; set; } = 0.02;

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TimeBudget < TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:{nameof(TimeBudget)} must be at least 00:01:00, got {TimeBudget}");
        }

        if (!(Tolerance is >= 0 and <= 0.5))
        {
            errors.Add($"{SectionName}:{nameof(Tolerance)} must be 0-0.5, got {Tolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (EaseLambdas.Length is 0 or > 8 || EaseLambdas.Any(l => !(l > 0 && double.IsFinite(l))))
        {
            errors.Add($"{SectionName}:{nameof(EaseLambdas)} must be 1-8 numbers above 0");
        }

        if (EaseMaxItems < 0)
        {
            errors.Add($"{SectionName}:{nameof(EaseMaxItems)} must be 0 or more, got {EaseMaxItems}");
        }

        if (PooledHistoryMaxItems < 0)
        {
            errors.Add($"{SectionName}:{nameof(PooledHistoryMaxItems)} must be 0 or more, got {PooledHistoryMaxItems}");
        }

        return errors;
    }

    /// <summary>The values, for the run manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["time_budget_seconds"] = TimeBudget.TotalSeconds,
        ["ease_max_items"] = EaseMaxItems,
        ["pooled_history_max_items"] = PooledHistoryMaxItems,
        ["tolerance"] = Tolerance,
        ["ease_lambdas"] = new JsonArray([.. EaseLambdas.Select(l => (JsonNode)l)]),
        ["tie_preference"] = "ease, pooled-history, item-knn",
        ["selection"] = "best primary metric on the eval set, then refit on train + eval",
    };
}
