using NeuronEngine.Core;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.Ease;
using NeuronEngine.Trainer.Tests.Runs;
using Xunit.Abstractions;

namespace NeuronEngine.Trainer.Tests.Recipes.Ease;

[Collection(TrainingCollection.Name)]
public sealed class EaseRecipeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task ExecuteAsync_PlantedClusters_BeatsPopularityAndOnnxMatches()
    {
        var dataset = TrainingData.Planted();

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(recipe: EaseRecipe.RecipeName), dataset, work.Path);

        var model = outcome.FinalMetrics["ndcg@10"];
        var popularity = outcome.FinalMetrics["popularity.ndcg@10"];
        output.WriteLine($"ease ndcg@10 {model:F4}, popularity {popularity:F4}");
        Assert.True(model >= 1.3 * popularity, $"ease {model:F4} vs popularity {popularity:F4}");

        // The export check already compared ONNX Runtime with the model; the served top 10 must also be what the
        // closed form ranks first.
        var histories = new RecentHistories(dataset.Train, 200);
        using var onnx = new OnnxScorer(outcome.ArtifactDirectory, histories, dataset.Items.Count);
        var (_, indices) = onnx.Run(histories, user: 3, k: 10, new float[dataset.Items.Count]);
        // The run refitted on train + eval before export (the default for event-log data).
        using var fitted = EaseModel.Fit(NeuronEngine.Trainer.Runs.RunExecutor.WithEvalInTrain(dataset).Train, new EaseOptions(), TorchSharp.torch.CPU, CancellationToken.None);
        histories.Fill([3], out var items, out var weights);
        var scores = new float[dataset.Items.Count];
        fitted.Score(items, weights, 1, scores);
        var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(10).Select(i => (long)i);
        Assert.Equal(expected, indices);
    }

    [Fact]
    public void Fit_TwoItemsAlwaysTogether_EachPredictsTheOtherAndNeverItself()
    {
        var train = NeuronEngine.Trainer.Datasets.InteractionSet.Create(
            [new(0, 0, 1, 1), new(0, 1, 1, 1), new(1, 0, 1, 1), new(1, 1, 1, 1), new(2, 2, 1, 1)],
            userCount: 3,
            itemCount: 3);

        using var model = EaseModel.Fit(train, new EaseOptions { Lambda = 0.5 }, TorchSharp.torch.CPU, CancellationToken.None);
        var scores = new float[3];
        model.Score([0L], [1f], 1, scores);

        Assert.Equal(0f, scores[0]);
        Assert.True(scores[1] > 0.5f, $"item 1 scores {scores[1]} for a history of item 0");
        Assert.Equal(0f, scores[2], 6);
    }

    [Theory]
    [InlineData(4096, 5)] // float64 solve, rows cut to 5 entries
    [InlineData(0, 11)] // float32 solve, every positive entry
    public void Fit_SmallMatrix_ListsAreTheLargestPositiveEntriesOfADirectInverse(int doublePrecisionItems, int neighbours)
    {
        const int Items = 12;
        var random = new Random(9);
        var interactions = new List<NeuronEngine.Trainer.Datasets.Interaction>();
        for (var u = 0; u < 40; u++)
        {
            foreach (var i in Enumerable.Range(0, Items).Where(i => random.NextDouble() < 0.2 + (0.3 * ((u + i) % 3))))
            {
                interactions.Add(new(u, i, 1, 1));
            }
        }

        var train = NeuronEngine.Trainer.Datasets.InteractionSet.Create(interactions, 40, Items);
        var options = new EaseOptions { Lambda = 3, Neighbours = neighbours, DoublePrecisionItems = doublePrecisionItems };

        using var model = EaseModel.Fit(train, options, TorchSharp.torch.CPU, CancellationToken.None);

        // P = (XᵀX + λI)⁻¹ by Gauss-Jordan, B[h, j] = −P[h, j] / P[j, j], zero diagonal.
        var a = new double[Items, 2 * Items];
        foreach (var x in interactions)
        {
            foreach (var y in interactions.Where(y => y.User == x.User))
            {
                a[x.Item, y.Item] += 1;
            }
        }

        for (var i = 0; i < Items; i++)
        {
            a[i, i] += 3;
            a[i, Items + i] = 1;
        }

        for (var c = 0; c < Items; c++)
        {
            var pivot = a[c, c];
            for (var k = 0; k < 2 * Items; k++)
            {
                a[c, k] /= pivot;
            }

            for (var r = 0; r < Items; r++)
            {
                if (r != c)
                {
                    var f = a[r, c];
                    for (var k = 0; k < 2 * Items; k++)
                    {
                        a[r, k] -= f * a[c, k];
                    }
                }
            }
        }

        for (var h = 0; h < Items; h++)
        {
            var expected = Enumerable.Range(0, Items).Where(j => j != h)
                .Select(j => (Item: j, B: -a[h, Items + j] / a[j, Items + j])).Where(e => e.B > 0)
                .OrderByDescending(e => e.B).ThenBy(e => e.Item).Take(neighbours).ToList();
            // Compared as item → weight: float32 may order near-equal entries differently.
            var actual = Enumerable.Range(h * neighbours, neighbours).Where(k => model.Lists.Weights[k] > 0)
                .ToDictionary(k => model.Lists.Neighbours[k], k => (double)model.Lists.Weights[k]);
            Assert.Equal(expected.Select(e => e.Item).Order(), actual.Keys.Order());
            Assert.All(expected, e => Assert.Equal(e.B, actual[e.Item], 3));
        }
    }

    [Fact]
    public void Create_CatalogAboveMaxItems_FailedPreconditionNamingItemKnn()
    {
        var dataset = TrainingData.Planted(users: 100, items: 150, events: 2_000);
        var recipe = new EaseRecipe(new EaseOptions { MaxItems = 50 });

        var error = Assert.Throws<NeuronException>(() => recipe.Create(dataset, new RecentHistories(dataset.Train, 10), new TrainingSettings(1, 64, 0.001, 1), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("item-knn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadOptions_EveryRuleReported()
    {
        var errors = new EaseOptions { Lambda = 0, MaxItems = 0, HistoryLength = 0, Neighbours = 0, DoublePrecisionItems = -1 }.Validate();

        Assert.Equal(5, errors.Count);
    }
}
