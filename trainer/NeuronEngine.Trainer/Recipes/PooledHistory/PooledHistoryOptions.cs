using NeuronEngine.Models.Contract;
using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>The <c>pooled-history</c> recipe's options; every value is recorded in the run manifest.</summary>
internal sealed class PooledHistoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:PooledHistory";

    /// <summary>Columns of the input and output item tables (the user vector's size), 1–1024. Default 64.</summary>
    public int Dimensions { get; set; } = 64;

    /// <summary>
    /// Sizes of the Relu layers between the pooled vector and the user vector, each 1–4096; when there are any, a
    /// final linear layer maps the last to <see cref="Dimensions"/>. Default one layer of 128 units.
    /// </summary>
    public IList<int> HiddenLayers { get; } = [128];

    /// <summary>The most recent interactions per user fed to the model in training and serving, 1–1000. Default 50.</summary>
    public int HistoryLength { get; set; } = 50;

    /// <summary>The smallest share of a history hidden (and predicted) in a training sample, above 0. Default 0.2.</summary>
    public double MinMaskFraction { get; set; } = 0.2;

    /// <summary>The largest share hidden, at least <see cref="MinMaskFraction"/> and below 1. Default 0.5.</summary>
    public double MaxMaskFraction { get; set; } = 0.5;

    /// <summary>Dropout on the pooled input vector in training, 0 or more and below 1. Default 0.1.</summary>
    public double InputDropout { get; set; } = 0.1;

    /// <summary>Adam's L2 weight decay, 0 or more. Default 1e-6.</summary>
    public double WeightDecay { get; set; } = 1e-6;

    /// <summary>
    /// The fewest samples in an epoch: an epoch passes over every trainable user as many times as it takes to reach
    /// this, so small datasets still train enough in a few epochs. 1 or more. Default 15,000 (measured: with 50,000 a
    /// MovieLens-100k-sized set overfits within the first epoch; with 15,000 its best epoch falls inside the default 5).
    /// </summary>
    public int MinSamplesPerEpoch { get; set; } = 15_000;

    /// <summary>TorchSharp's intra-op threads, 1 or more; results are reproducible for a fixed count. Default the processor count.</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How the exported graph scores users against the item table: <c>float32</c>, <c>int8</c> (a quarter of the bytes
    /// per inference; scores within about 1 %), or <c>auto</c> (int8 once the float table passes 4 MiB, e.g. 16,384
    /// items × 64). Default auto.
    /// </summary>
    public string Scoring { get; set; } = "auto";

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, Dimensions is >= 1 and <= 1024, nameof(Dimensions), "1–1024", Dimensions);
        for (var i = 0; i < HiddenLayers.Count; i++)
        {
            Check(errors, HiddenLayers[i] is >= 1 and <= 4096, $"{nameof(HiddenLayers)}:{i}", "1–4096", HiddenLayers[i]);
        }

        Check(errors, HistoryLength is >= 1 and <= 1000, nameof(HistoryLength), "1–1000", HistoryLength);
        Check(errors, MinMaskFraction is > 0 and < 1, nameof(MinMaskFraction), "above 0 and below 1", MinMaskFraction);
        Check(errors, MaxMaskFraction >= MinMaskFraction && MaxMaskFraction < 1, nameof(MaxMaskFraction), $"at least {nameof(MinMaskFraction)} and below 1", MaxMaskFraction);
        Check(errors, InputDropout is >= 0 and < 1, nameof(InputDropout), "0 or more and below 1", InputDropout);
        Check(errors, WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), "0 or more", WeightDecay);
        Check(errors, MinSamplesPerEpoch >= 1, nameof(MinSamplesPerEpoch), "1 or more", MinSamplesPerEpoch);
        Check(errors, Threads >= 1, nameof(Threads), "1 or more", Threads);
        if (!ScoringPrecisions.TryParse(Scoring, out _))
        {
            errors.Add($"{SectionName}:{nameof(Scoring)} must be {ScoringPrecisions.Names} (got \"{Scoring}\")");
        }

        return errors;
    }

    /// <summary>The options as recorded in the run manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["dimensions"] = Dimensions,
        ["hidden_layers"] = new JsonArray([.. HiddenLayers.Select(h => (JsonNode)h)]),
        ["history_length"] = HistoryLength,
        ["min_mask_fraction"] = MinMaskFraction,
        ["max_mask_fraction"] = MaxMaskFraction,
        ["input_dropout"] = InputDropout,
        ["weight_decay"] = WeightDecay,
        ["min_samples_per_epoch"] = MinSamplesPerEpoch,
        ["threads"] = Threads,
        ["scoring"] = Scoring,
    };

    private static void Check(List<string> errors, bool ok, string name, string rule, IFormattable value)
    {
        if (!ok)
        {
            errors.Add($"{SectionName}:{name} must be {rule}, got {value.ToString(null, CultureInfo.InvariantCulture)}");
        }
    }
}
