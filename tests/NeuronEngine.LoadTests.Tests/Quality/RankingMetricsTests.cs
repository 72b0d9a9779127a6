using NeuronEngine.LoadTests.Quality;

namespace NeuronEngine.LoadTests.Tests.Quality;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Ndcg_HitsAtRanksOneAndThree_AgainstTwoHeldOut()
    {
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal over min(10, 2) = 1 + 1/log2(3).
        Assert.Equal(1.5 / (1 + (1 / Math.Log2(3))), RankingMetrics.Ndcg([4, 9, 7, 1], [4, 7]), 12);
    }

    [Fact]
    public void Ndcg_IdealDcgCappedAtTen()
    {
        var heldOut = Enumerable.Range(100, 30).ToArray();
        Assert.Equal(1.0, RankingMetrics.Ndcg([.. Enumerable.Range(100, 10)], heldOut), 12);
        Assert.Equal(0.0, RankingMetrics.Ndcg([1, 2, 3], heldOut));
    }

    [Fact]
    public void Recall_DenominatorIsMinOfTwentyAndHeldOut()
    {
        Assert.Equal(0.5, RankingMetrics.Recall([1, 2, 3], [2, 8]));
        var many = Enumerable.Range(0, 40).ToArray();
        Assert.Equal(1.0, RankingMetrics.Recall([.. Enumerable.Range(0, 25)], many));
        Assert.Equal(0.0, RankingMetrics.Recall([.. Enumerable.Range(50, 20), 3], many));
    }

    [Fact]
    public void HitRate_AnyHitInTheTopTen()
    {
        Assert.Equal(1.0, RankingMetrics.HitRate([.. Enumerable.Range(0, 9), 42], [42]));
        Assert.Equal(0.0, RankingMetrics.HitRate([.. Enumerable.Range(0, 10), 42], [42]));
        Assert.Equal(0.0, RankingMetrics.HitRate([-1, -1], [1]));
    }

    [Fact]
    public void MetricTotals_MeansOverUsers()
    {
        var totals = new MetricTotals();
        totals.Add([1], [1]);
        totals.Add([2], [1]);

        Assert.Equal(2, totals.Users);
        Assert.Equal(0.5, totals.Ndcg10, 12);
        Assert.Equal(0.5, totals.Recall20, 12);
        Assert.Equal(0.5, totals.Hr10, 12);
    }
}
