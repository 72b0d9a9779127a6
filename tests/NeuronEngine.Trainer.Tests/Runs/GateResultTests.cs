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

        var gates = GateResult.Evaluate(rubric, best, popularity, neighbours: null);

        Assert.Equal("beats_popularity", gates[0].Name);
        Assert.Equal(0.2, gates[0].Value, 12);
        Assert.False(gates[0].Passed);
        Assert.Equal(new GateResult("min_recall@20", 0.5, 0.4, false), gates[1]);
        Assert.Equal(2, gates.Count);
    }

    [Fact]
    public void Evaluate_RubricWithoutBaselineGates_BothReportedAtGainZero()
    {
        var rubric = new RubricSpec("ndcg@10", [], 1);
        var best = new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["recall@20"] = 0.4, ["hr@10"] = 0.5 };
        var popularity = new Dictionary<string, double> { ["ndcg@10"] = 0.2, ["recall@20"] = 0.3, ["hr@10"] = 0.4 };
        var neighbours = new Dictionary<string, double> { ["ndcg@10"] = 0.4, ["recall@20"] = 0.3, ["hr@10"] = 0.4 };

        var gates = GateResult.Evaluate(rubric, best, popularity, neighbours);

        var beatsPopularity = Assert.Single(gates, g => g.Name == "beats_popularity");
        Assert.Equal(0.5, beatsPopularity.Value, 12);
        Assert.True(beatsPopularity.Passed);
        var beatsNeighbours = Assert.Single(gates, g => g.Name == "beats_neighbours");
        Assert.Equal(-0.25, beatsNeighbours.Value, 12);
        Assert.Equal(0, beatsNeighbours.MinValue);
        Assert.False(beatsNeighbours.Passed);
    }

    [Fact]
    public void Evaluate_BeatsNeighboursInRubric_UsesTheRubricsGain()
    {
        var rubric = new RubricSpec("recall@20", [new("beats_neighbours", 0.1)], 1);
        var best = new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["recall@20"] = 0.46, ["hr@10"] = 0.5 };
        var baseline = new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["recall@20"] = 0.4, ["hr@10"] = 0.5 };

        var gate = Assert.Single(GateResult.Evaluate(rubric, best, baseline, baseline), g => g.Name == "beats_neighbours");

        Assert.Equal(0.1, gate.MinValue);
        Assert.Equal(0.15, gate.Value, 9);
        Assert.True(gate.Passed);
    }
}
