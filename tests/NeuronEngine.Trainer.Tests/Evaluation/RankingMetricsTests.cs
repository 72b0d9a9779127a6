namespace NeuronEngine.Trainer.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private static bool[] Relevant(int items, params int[] relevant)
    {
        var mask = new bool[items];
        foreach (var r in relevant)
        {
            mask[r] = true;
        }

        return mask;
    }

    [Fact]
    public void Compute_HitsAtRanksTwoAndThree_HandComputedNdcg()
    {
        // DCG = 1/log2(3) + 1/log2(4) = 0.630930 + 0.5; IDCG over 2 held out = 1 + 0.630930.
        var (ndcg, recall, hitRate) = RankingMetrics.Compute([5, 1, 7, 0], Relevant(10, 1, 7), heldOut: 2);

        Assert.Equal(1.1309297535714575 / 1.6309297535714575, ndcg, 12);
        Assert.Equal(1.0, recall);
        Assert.Equal(1.0, hitRate);
    }

    [Fact]
    public void Compute_PerfectRanking_One()
    {
        var (ndcg, recall, hitRate) = RankingMetrics.Compute([3, 4, 0, 1], Relevant(5, 3, 4), heldOut: 2);

        Assert.Equal((1.0, 1.0, 1.0), (ndcg, recall, hitRate));
    }

    [Fact]
    public void Compute_OnlyHitBeyondTen_CountsForRecallNotNdcgOrHitRate()
    {
        var ranked = Enumerable.Range(0, 20).ToArray();

        var (ndcg, recall, hitRate) = RankingMetrics.Compute(ranked, Relevant(30, 12, 25), heldOut: 2);

        Assert.Equal((0.0, 0.5, 0.0), (ndcg, recall, hitRate));
    }

    [Fact]
    public void Compute_ManyHeldOut_IdealOverTenAndRecallOverTwenty()
    {
        var ranked = Enumerable.Range(0, 20).ToArray();
        // 30 held out: items 0 (rank 1) and 15 (rank 16) are hits.
        var relevant = Relevant(100, [0, 15, .. Enumerable.Range(50, 28)]);
        var ideal = Enumerable.Range(0, 10).Sum(r => 1 / Math.Log2(r + 2));

        var (ndcg, recall, hitRate) = RankingMetrics.Compute(ranked, relevant, heldOut: 30);

        Assert.Equal(1 / ideal, ndcg, 12);
        Assert.Equal(2.0 / 20, recall, 12);
        Assert.Equal(1.0, hitRate);
    }

    [Fact]
    public void Compute_NoHits_Zero()
    {
        Assert.Equal((0.0, 0.0, 0.0), RankingMetrics.Compute([0, 1, 2], Relevant(5, 4), heldOut: 1));
    }
}
