using NeuronEngine.Core;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Tests.Runs;

public sealed class RubricValidatorTests
{
    private static readonly EvaluationResult Popularity = new("popularity", 0.2, 0.3, 0.4, 100, 500);

    private static NeuronException Fails(RubricSpec rubric, int evalUsers = 100, int items = 500, EvaluationResult? popularity = null)
    {
        var error = Assert.Throws<NeuronException>(() => RubricValidator.Validate(rubric, evalUsers, items, popularity ?? Popularity));
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("rubric: ", error.Message, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public void Validate_UsableRubric_DoesNotThrow()
    {
        RubricValidator.Validate(new RubricSpec("recall@20", [new("beats_popularity", 0.1), new("min_hr@10", 0.2)], 2), 100, 500, Popularity);
    }

    [Fact]
    public void Validate_UnknownPrimaryMetric_NamesItAndTheKnownOnes()
    {
        var error = Fails(new RubricSpec("auc", [], 1));

        Assert.Contains("unknown primary metric \"auc\"; known: ndcg@10, recall@20, hr@10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BeatsPopularityWithZeroBaseline_Fails()
    {
        var error = Fails(new RubricSpec("ndcg@10", [new("beats_popularity", 0.1)], 1), popularity: Popularity with { Ndcg10 = 0 });

        Assert.Contains("popularity scores ndcg@10 = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoEvalUsers_Fails()
    {
        var error = Fails(new RubricSpec("ndcg@10", [], 1), evalUsers: 0);

        Assert.Contains("no users with held-out interactions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MetricCutoffAboveCatalogSize_Fails()
    {
        var error = Fails(new RubricSpec("recall@20", [new("min_ndcg@10", 0.1)], 1), items: 15);

        Assert.Contains("recall@20 needs at least 20 items, the catalog has 15", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("min_ndcg@10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var error = Fails(new RubricSpec("ndcg@10", [new("min_map@5", 0.1), new("min_hr@10", 2)], Patience: 0));

        Assert.Contains("patience must be 1 or more, got 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown gate \"min_map@5\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("gate min_hr@10: the floor must be 0–1, got 2", error.Message, StringComparison.Ordinal);
    }
}
