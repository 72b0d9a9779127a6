namespace NeuronEngine.LoadTests.Quality;

/// <summary>
/// Top-k metrics with binary relevance against a user's held-out items (RECIPES.md): NDCG@10 with the ideal DCG over
/// min(10, |held-out|), Recall@20 = hits in the top 20 / min(20, |held-out|), HR@10 = 1 if any hit in the top 10.
/// Rankings are item indices, training items already removed; -1 (an item unknown to the data) is never relevant.
/// </summary>
internal static class RankingMetrics
{
    public static double Ndcg(IReadOnlyList<int> ranked, int[] heldOutSorted, int k = 10)
    {
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (Array.BinarySearch(heldOutSorted, ranked[i]) >= 0)
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        var ideal = 0.0;
        for (var i = 0; i < Math.Min(k, heldOutSorted.Length); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double Recall(IReadOnlyList<int> ranked, int[] heldOutSorted, int k = 20) =>
        heldOutSorted.Length == 0 ? 0 : (double)Hits(ranked, heldOutSorted, k) / Math.Min(k, heldOutSorted.Length);

    public static double HitRate(IReadOnlyList<int> ranked, int[] heldOutSorted, int k = 10) => Hits(ranked, heldOutSorted, k) > 0 ? 1 : 0;

    private static int Hits(IReadOnlyList<int> ranked, int[] heldOutSorted, int k)
    {
        var hits = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (Array.BinarySearch(heldOutSorted, ranked[i]) >= 0)
            {
                hits++;
            }
        }

        return hits;
    }
}

/// <summary>Sums of the three metrics over users, and their means.</summary>
internal sealed class MetricTotals
{
    public int Users { get; private set; }

    public double NdcgSum { get; private set; }

    public double RecallSum { get; private set; }

    public double HitSum { get; private set; }

    public double Ndcg10 => Users == 0 ? 0 : NdcgSum / Users;

    public double Recall20 => Users == 0 ? 0 : RecallSum / Users;

    public double Hr10 => Users == 0 ? 0 : HitSum / Users;

    public void Add(IReadOnlyList<int> ranked, int[] heldOutSorted)
    {
        Users++;
        NdcgSum += RankingMetrics.Ndcg(ranked, heldOutSorted);
        RecallSum += RankingMetrics.Recall(ranked, heldOutSorted);
        HitSum += RankingMetrics.HitRate(ranked, heldOutSorted);
    }
}
