using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Tests.Recipes;

public sealed class RecentHistoriesTests
{
    [Fact]
    public void Constructor_LongHistory_KeepsTheNewestFirstWithTheirWeights()
    {
        var train = InteractionSet.Create(
            [new Interaction(0, 0, 1, 30), new Interaction(0, 1, 5, 10), new Interaction(0, 2, 2, 20), new Interaction(0, 3, 1, 40), new Interaction(1, 2, 3, 5)], 2, 4);

        var histories = new RecentHistories(train, historyLength: 3);

        Assert.Equal([3, 0, 2], histories.Items(0).ToArray());
        Assert.Equal([1f, 1f, 2f], histories.Weights(0).ToArray());
        Assert.Equal([2], histories.Items(1).ToArray());
    }

    [Fact]
    public void Fill_UnevenHistories_PadsWithItemZeroAtWeightZero()
    {
        var train = InteractionSet.Create([new Interaction(0, 1, 2, 1), new Interaction(0, 2, 3, 2), new Interaction(1, 3, 4, 1)], 2, 4);
        var histories = new RecentHistories(train, historyLength: 50);

        var width = histories.Fill([1, 0], out var items, out var weights);

        Assert.Equal(2, width);
        Assert.Equal([3L, 0, 2, 1], items);
        Assert.Equal([4f, 0, 3, 2], weights);
    }
}
