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
    /// The largest catalog the recipe takes, 1–20,000. The model is items² weights (twice, as served), so the default
    /// 8,192 keeps an artifact near 512 MB; larger catalogs are refused with a pointer to <c>pooled-history</c>.
    /// </summary>
    public int MaxItems { get; set; } = 8192;

    /// <summary>The most recent interactions the engine feeds the model, 1–1000. Default 200 (the counters keep 200).</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Lambda > 0 && double.IsFinite(Lambda)))
        {
            errors.Add($"{SectionName}:{nameof(Lambda)} must be above 0, got {Lambda}");
        }

        if (MaxItems is < 1 or > 20_000)
        {
            errors.Add($"{SectionName}:{nameof(MaxItems)} must be 1-20000, got {MaxItems}");
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
        ["history_length"] = HistoryLength,
        ["interactions"] = "binary",
    };
}
