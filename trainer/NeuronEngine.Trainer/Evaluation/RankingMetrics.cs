namespace NeuronEngine.Trainer.Evaluation;

/// <summary>
/// One user's ranking metrics with binary relevance (an item is relevant when it is one of the user's held-out
/// items). Recall@20 divides the hits by min(20, |held-out|), not |held-out|: a user with 50 held-out items can hit
/// at most 20 in a top 20, and the plain ratio would cap such users below 1 and weigh heavy users down; with the
/// min, a perfect ranking scores 1 for everyone (the convention of Liang et al., WWW 2018, which RECIPES.md follows).
/// </summary>
internal static class RankingMetrics
{
    /// <summary>The NDCG and hit-rate cutoff.</summary>
    public const int NdcgCutoff = 10;

    /// <summary>The recall cutoff.</summary>
    public const int RecallCutoff = 20;

    /// <summary>How many ranked items the metrics need: the largest cutoff.</summary>
    public const int Depth = RecallCutoff;

    private static readonly double[] Discount = Enumerable.Range(0, Depth).Select(r => 1 / Math.Log2(r + 2)).ToArray();

    /// <summary>Computes the metrics of one ranking.</summary>
    /// <param name="ranked">Item indexes, best first (any length; only the first <see cref="Depth"/> count).</param>
    /// <param name="relevant">Per item, whether it is held out for this user.</param>
    /// <param name="heldOut">How many items are held out; at least 1.</param>
    public static (double Ndcg, double Recall, double HitRate) Compute(ReadOnlySpan<int> ranked, ReadOnlySpan<bool> relevant, int heldOut)
    {
        Span<bool> hits = stackalloc bool[Depth];
        var depth = Math.Min(ranked.Length, Depth);
        for (var r = 0; r < depth; r++)
        {
            hits[r] = relevant[ranked[r]];
        }

        return FromHits(hits[..depth], heldOut);
    }

    /// <summary>Computes the metrics from whether each rank, best first, holds a held-out item.</summary>
    /// <param name="hits">Per rank (only the first <see cref="Depth"/> count).</param>
    /// <param name="heldOut">How many items are held out; at least 1.</param>
    public static (double Ndcg, double Recall, double HitRate) FromHits(ReadOnlySpan<bool> hits, int heldOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heldOut);
        double dcg = 0;
        int hits10 = 0, hits20 = 0;
        var depth = Math.Min(hits.Length, Depth);
        for (var r = 0; r < depth; r++)
        {
            if (!hits[r])
            {
                continue;
            }

            hits20++;
            if (r < NdcgCutoff)
            {
                hits10++;
                dcg += Discount[r];
            }
        }

        double ideal = 0;
        for (var r = 0; r < Math.Min(NdcgCutoff, heldOut); r++)
        {
            ideal += Discount[r];
        }

        return (dcg / ideal, (double)hits20 / Math.Min(RecallCutoff, heldOut), hits10 > 0 ? 1 : 0);
    }
}
