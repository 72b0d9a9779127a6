using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Tests.Runs;

public sealed class GateResultTests
{
    [Fact]
    public void Evaluate_BeatsPopularityAndFloor_RelativeGainAndAbsoluteValue()
    {
        var rubric = new RubricSpec("ndcg@10", [new("beats_popularity", 0.5), new("min_recall@20", 0.5)], 1);
        var best = new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["recall@20"] = 0.4, ["hr@10"] = 0.5 };
        var popularity = new Dictionary<string, double> { ["ndcg@10"] = 0.25, ["recall@20"] = 0.3, ["hr@10"] = 0.4 };

        var gates = GateResult.Evaluate(rubric, best, popularity);

        Assert.Equal("beats_popularity", gates[0].Name);
        Assert.Equal(0.2, gates[0].Value, 12);
        Assert.False(gates[0].Passed);
        Assert.Equal(new GateResult("min_recall@20", 0.5, 0.4, false), gates[1]);
    }
}
