using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>Options of the <c>item-knn</c> recipe (section <c>Trainer:ItemKnn</c>).</summary>
internal sealed class ItemKnnOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:ItemKnn";

    /// <summary>Neighbours kept per item, 1–2,000. Default 200.</summary>
    public int Neighbours { get; set; } = 200;

    /// <summary>
    /// The most neighbour entries in the whole model (items × neighbours), 1,000 or more: a large catalog keeps fewer
    /// neighbours per item so the model stays bounded. Default 25,000,000 (1M items keep 25 each; about 300 MB served).
    /// </summary>
    public long MaxEntries { get; set; } = 25_000_000;

    /// <summary>The largest <see cref="MaxEntries"/>: 8 bytes an entry served must stay inside one 2 GB ONNX file.</summary>
    public const long MaxEntriesLimit = 200_000_000;

    /// <summary>
    /// α of the asymmetric cosine sim(h, j) = c(h, j) / (n_h^α · n_j^(1−α) + shrink), 0–1: 0.5 is the plain cosine;
    /// larger values favour popular targets. Default 0.5.
    /// </summary>
    public double Alpha { get; set; } = 0.5;

    /// <summary>
    /// Shrinkage added to the denominator, 0 or more: damps similarities resting on few co-occurrences. Default 1
    /// (measured: 10 lost 15–20 % NDCG@10 on the synthetic shop and the ratings-shaped set, 0 lost 1–2 %).
    /// </summary>
    public double Shrink { get; set; } = 1;

    /// <summary>
    /// Divides each user's contribution to the co-occurrence counts by log₂(2 + the user's item count), so heavy users
    /// do not dominate. Default true.
    /// </summary>
    public bool DampHeavyUsers { get; set; } = true;

    /// <summary>The most recent interactions per user counted, 2–10,000 (bounds the work at Σ min(n_u, cap)²). Default 500.</summary>
    public int MaxUserHistory { get; set; } = 500;

    /// <summary>The most recent interactions the engine feeds the model, 1–1,000. Default 200 (what the counters keep).</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>Threads that build neighbour rows, 0 for all cores.</summary>
    public int Threads { get; set; }

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Neighbours is < 1 or > 2000)
        {
            errors.Add($"{SectionName}:{nameof(Neighbours)} must be 1-2000, got {Neighbours}");
        }

        if (MaxEntries is < 1000 or > MaxEntriesLimit)
        {
            errors.Add($"{SectionName}:{nameof(MaxEntries)} must be 1000-{MaxEntriesLimit}, got {MaxEntries}");
        }

        if (!(Alpha is >= 0 and <= 1))
        {
            errors.Add($"{SectionName}:{nameof(Alpha)} must be 0-1, got {Alpha.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!(Shrink >= 0 && double.IsFinite(Shrink)))
        {
            errors.Add($"{SectionName}:{nameof(Shrink)} must be 0 or more, got {Shrink.ToString(CultureInfo.InvariantCulture)}");
        }

        if (MaxUserHistory is < 2 or > 10_000)
        {
            errors.Add($"{SectionName}:{nameof(MaxUserHistory)} must be 2-10000, got {MaxUserHistory}");
        }

        if (HistoryLength is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:{nameof(HistoryLength)} must be 1-1000, got {HistoryLength}");
        }

        if (Threads < 0)
        {
            errors.Add($"{SectionName}:{nameof(Threads)} must be 0 or more, got {Threads}");
        }

        return errors;
    }

    /// <summary>A copy with one similarity changed (the <c>auto</c> recipe's variants).</summary>
    public ItemKnnOptions With(double alpha, double shrink, bool dampHeavyUsers) => new()
    {
        Neighbours = Neighbours,
        MaxEntries = MaxEntries,
        Alpha = alpha,
        Shrink = shrink,
        DampHeavyUsers = dampHeavyUsers,
        MaxUserHistory = MaxUserHistory,
        HistoryLength = HistoryLength,
        Threads = Threads,
    };

    /// <summary>The neighbours kept per item for a catalog of <paramref name="items"/>.</summary>
    public int NeighboursFor(int items) => (int)Math.Max(1, Math.Min(Math.Min(Neighbours, Math.Max(1, items - 1)), MaxEntries / Math.Max(1, items)));

    /// <summary>The values, for the run manifest.</summary>
    public JsonObject ToJson() => new()
    {
        ["neighbours"] = Neighbours,
        ["max_entries"] = MaxEntries,
        ["similarity"] = "asymmetric cosine c(h,j) / (n_h^alpha * n_j^(1-alpha) + shrink)",
        ["alpha"] = Alpha,
        ["shrink"] = Shrink,
        ["damp_heavy_users"] = DampHeavyUsers,
        ["max_user_history"] = MaxUserHistory,
        ["history_length"] = HistoryLength,
        ["interactions"] = "binary",
    };
}
