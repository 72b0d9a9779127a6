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

    /// <summary>
    /// The most recent interactions per user fed to the model in training and serving, 1–1000. Default 200: what the
    /// engine's counters keep per user, and the whole training history of nearly every MovieLens-100k user (measured:
    /// 50 cut NDCG@10 there).
    /// </summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>
    /// Disjoint random folds each user's history is split into every epoch, 2–100: each fold is the hidden target set of
    /// one sample whose input is the rest, so an epoch makes every history interaction a target exactly once and a
    /// user contributes this many samples (fewer when the history is shorter). Default 5 (20 % hidden): on a
    /// MovieLens-100k-sized set 2 folds give too few steps in 5 epochs to learn, 10 learn more but double the time
    /// of a large catalog (docs/training.md).
    /// </summary>
    public int Folds { get; set; } = 5;

    /// <summary>
    /// The fewest optimiser steps an epoch takes, 1–100,000: a data set whose one pass is fewer steps makes as many passes
    /// (each with fresh folds) as reach it, so small data still learns in the default 5 epochs; a large one makes one
    /// pass. Default 60 (measured: 300 users at 3 epochs reached 0.22 NDCG@10 with one pass of 6 steps, where the older
    /// 15,000-sample epoch reached 0.66).
    /// </summary>
    public int MinStepsPerEpoch { get; set; } = 60;

    /// <summary>
    /// The probability that an input item (one not hidden) is left out of a training sample's pooled input, 0 or more and
    /// below 1; at least one always stays. Default 0: the hidden fold already is item-level dropout, and 0.5 on top cost
    /// NDCG@10 in 5 epochs (measured, docs/training.md).
    /// </summary>
    public double InputDropout { get; set; }

    /// <summary>Adam's L2 weight decay, 0 or more. Default 1e-6.</summary>
    public double WeightDecay { get; set; } = 1e-6;

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
        Check(errors, Folds is >= 2 and <= 100, nameof(Folds), "2–100", Folds);
        Check(errors, MinStepsPerEpoch is >= 1 and <= 100_000, nameof(MinStepsPerEpoch), "1–100000", MinStepsPerEpoch);
        Check(errors, InputDropout is >= 0 and < 1, nameof(InputDropout), "0 or more and below 1", InputDropout);
        Check(errors, WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), "0 or more", WeightDecay);
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
        ["folds"] = Folds,
        ["min_steps_per_epoch"] = MinStepsPerEpoch,
        ["input_dropout"] = InputDropout,
        ["weight_decay"] = WeightDecay,
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
