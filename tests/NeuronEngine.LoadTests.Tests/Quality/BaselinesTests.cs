using NeuronEngine.LoadTests.Quality;

namespace NeuronEngine.LoadTests.Tests.Quality;

public sealed class BaselinesTests
{
    private static readonly int[][] Train = [[0, 1], [0, 1, 2], [1, 2], [3]];

    [Fact]
    public void TopPopular_SkipsTrainingItems_TiesToTheLowerIndex()
    {
        var (popularity, order) = Baselines.Popularity(Train, 5);

        Assert.Equal([2, 3, 2, 1, 0], popularity);
        Assert.Equal([0, 2, 3], Baselines.TopPopular(order, [1], 3));
    }

    [Fact]
    public void Cooccurrence_CosineOverTrainUsers_ThenPopularity()
    {
        var (popularity, order) = Baselines.Popularity(Train, 5);
        var baseline = CooccurrenceBaseline.Fit(Train, 5, popularity, order, out var skipped)!;

        // From item 0: C[0,1] = 2 → 2/√(2·3) ≈ 0.82; C[0,2] = 1 → 1/√(2·2) = 0.5; item 3 never co-occurs, item 4 unseen.
        Assert.Null(skipped);
        Assert.Null(baseline.KeptNeighbours);
        Assert.Equal([1, 2, 3, 4], baseline.Recommend([0], 4));
        // From items 2 and 3: item 1 (2/√6) beats item 0 (1/√4); nothing from 3.
        Assert.Equal([1, 0], baseline.Recommend([2, 3], 2));
    }
}
