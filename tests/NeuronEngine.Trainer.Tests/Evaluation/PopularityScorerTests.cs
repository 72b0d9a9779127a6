namespace NeuronEngine.Trainer.Tests.Evaluation;

public sealed class PopularityScorerTests
{
    [Fact]
    public void Score_WeightedTrainCounts_SameForEveryUser()
    {
        var train = InteractionSet.Create(
            [new Interaction(0, 0, 10, 1), new Interaction(1, 0, 1, 1), new Interaction(1, 2, 1, 1), new Interaction(2, 2, 1, 1), new Interaction(2, 1, 5, 1)],
            3,
            4);
        var scorer = new PopularityScorer(train);
        var scores = new float[4];

        scorer.Score(0, train.ForUser(0), scores);

        Assert.Equal([11f, 5f, 2f, 0f], scores);
        Assert.Equal("popularity", scorer.Name);
    }
}
