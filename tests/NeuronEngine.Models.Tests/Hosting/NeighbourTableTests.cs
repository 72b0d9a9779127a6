using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

public sealed class NeighbourTableTests
{
    // Item 0: 3 (0.2), 1 (0.9), padding 0 (0), 2 (0.5); item 1: 2 twice (0.3 + 0.4), 0 (0.6), itself (5); item 2: only padding.
    private static readonly int[] Targets = [3, 1, 0, 2, 2, 0, 2, 1, 2, 2, 2, 2, 0, 1, 2, 3];
    private static readonly float[] Weights = [0.2f, 0.9f, 0f, 0.5f, 0.3f, 0.6f, 0.4f, 5f, 0f, 0f, 0f, 0f, -0.1f, 0.7f, 0.7f, 0f];
    private static readonly NeighbourTable Table = new(Targets, Weights, 4, 4);

    [Fact]
    public void MostSimilar_RowInStoredOrder_ByWeightDescendingWithoutPadding()
    {
        var (indices, scores) = (new int[5], new float[5]);

        var found = Table.MostSimilar(0, static _ => false, indices, scores);

        Assert.Equal([1, 2, 3], indices[..found]);
        Assert.Equal([0.9f, 0.5f, 0.2f], scores[..found]);
    }

    [Fact]
    public void MostSimilar_ItemRepeatedInItsRowAndItself_SummedOnceAndSelfSkipped()
    {
        var (indices, scores) = (new int[5], new float[5]);

        var found = Table.MostSimilar(1, static _ => false, indices, scores);

        Assert.Equal([2, 0], indices[..found]);
        Assert.Equal(0.7f, scores[0], 1e-6f);
        Assert.Equal(0.6f, scores[1]);
    }

    [Fact]
    public void MostSimilar_ExcludedItems_SkippedAndTheNextTaken()
    {
        var (indices, scores) = (new int[2], new float[2]);

        var found = Table.MostSimilar(0, static i => i == 1, indices, scores);

        Assert.Equal(2, found);
        Assert.Equal([2, 3], indices);
        Assert.Equal([0.5f, 0.2f], scores);
    }

    [Fact]
    public void MostSimilar_TiesAndNegativeWeight_LowerIndexFirstNegativeLast()
    {
        var (indices, scores) = (new int[4], new float[4]);

        var found = Table.MostSimilar(3, static _ => false, indices, scores);

        Assert.Equal([1, 2, 0], indices[..found]);
        Assert.Equal([0.7f, 0.7f, -0.1f], scores[..found]);
    }

    [Fact]
    public void MostSimilar_OnlyPadding_NothingFound()
    {
        Assert.Equal(0, Table.MostSimilar(2, static _ => false, new int[3], new float[3]));
    }

    [Fact]
    public void MostSimilar_AskedForFewerThanTheRowHolds_StopsAtTheBest()
    {
        var (indices, scores) = (new int[1], new float[1]);

        Assert.Equal(1, Table.MostSimilar(0, static _ => false, indices, scores));
        Assert.Equal(1, indices[0]);
    }
}
