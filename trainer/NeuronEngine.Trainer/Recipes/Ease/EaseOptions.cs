using System.Text.Json.Nodes;

namespace NeuronEngine.Trainer.Recipes.Ease;

/// <summary>Options of the <c>ease</c> recipe.</summary>
internal sealed class EaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Ease";

    /// <summary>The L2 penalty λ on the item-item weights, above 0. Default 250 (RECIPES.md: 250–500 on MovieLens-100k).</summary>
    public double Lambda { get; set; } = 250;

    /// <summary>
    /// The largest catalog the recipe takes, 1–30,000. Fitting holds at most two items² matrices and a float copy
    /// (float64 up to <see cref="DoublePrecisionItems"/>, float32 above; measured 5.6 GB peak for the trainer at 14,305
    /// items, about 2 minutes a fit on 2 cores) and costs O(items³); larger catalogs are refused with a pointer to
    /// <c>item-knn</c>, which scales to millions. Default 16,384.
    /// </summary>
    public int MaxItems { get; set; } = 16_384;

    /// <summary>Catalogs up to this size are solved in float64, larger ones in float32 (half the memory, twice the speed). Default 4,096.</summary>
    public int DoublePrecisionItems { get; set; } = 4096;

    /// <summary>
    /// Positive entries of B kept per item for serving, 1–5,000 (the served graph adds history × this many scores).
    /// Default 500.
    /// </summary>
    public int Neighbours { get; set; } = 500;

    /// <summary>The most recent interactions the engine feeds the model, 1–1000. Default 200 (the counters keep 200).</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>Entries of B kept per row for a catalog of <paramref name="items"/>.</summary>
    public int NeighboursFor(int items) => Math.Max(1, Math.Min(Neighbours, items - 1));

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Lambda > 0 && double.IsFinite(Lambda)))
        {
            errors.Add($"{SectionName}:{nameof(Lambda)} must be above 0, got {Lambda}");
        }

        if (MaxItems is < 1 or > 30_000)
        {
            errors.Add($"{SectionName}:{nameof(MaxItems)} must be 1-30000, got {MaxItems}");
        }

        if (DoublePrecisionItems < 0)
        {
            errors.Add($"{SectionName}:{nameof(DoublePrecisionItems)} must be 0 or more, got {DoublePrecisionItems}");
        }

        if (Neighbours is < 1 or > 5000)
        {
            errors.Add($"{SectionName}:{nameof(Neighbours)} must be 1-5000, got {Neighbours}");
        }

        if (HistoryLength is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:{nameof(HistoryLength)} must be 1-1000, got {HistoryLength}");
        }

        return errors;
    }

    /// <summary>The values, for the run manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["lambda"] = Lambda,
        ["max_items"] = MaxItems,
        ["double_precision_items"] = DoublePrecisionItems,
        ["neighbours"] = Neighbours,
        ["history_length"] = HistoryLength,
        ["interactions"] = "binary",
    };
}
