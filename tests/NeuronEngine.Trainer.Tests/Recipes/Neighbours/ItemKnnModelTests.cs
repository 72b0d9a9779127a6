using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.Neighbours;
using NeuronEngine.Trainer.Runs;
using NeuronEngine.Trainer.Tests.Runs;
using Xunit.Abstractions;

namespace NeuronEngine.Trainer.Tests.Recipes.Neighbours;

[Collection(TrainingCollection.Name)]
public sealed class ItemKnnModelTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData(0.5, 10, true)]
    [InlineData(0.8, 0, false)]
    public void Fit_RandomMatrix_ListsEqualADirectComputation(double alpha, double shrink, bool damp)
    {
        var dataset = TrainingData.Planted(users: 120, items: 60, events: 1_500, clusters: 5);
        var options = new ItemKnnOptions { Neighbours = 7, Alpha = alpha, Shrink = shrink, DampHeavyUsers = damp, Threads = 2 };

        using var model = ItemKnnModel.Fit(dataset.Train, options, CancellationToken.None);

        // Dense co-occurrence by the definition: c(h, j) = Σ_u d_u [h ∈ u][j ∈ u], n_i = c(i, i).
        var n = dataset.Train.ItemCount;
        var c = new double[n, n];
        for (var u = 0; u < dataset.Train.UserCount; u++)
        {
            var history = dataset.Train.ForUser(u);
            var d = damp ? 1 / Math.Log2(2 + history.Length) : 1;
            foreach (var a in history)
            {
                foreach (var b in history)
                {
                    c[a.Item, b.Item] += d;
                }
            }
        }

        var lists = model.Lists;
        for (var h = 0; h < n; h++)
        {
            var expected = Enumerable.Range(0, n)
                .Where(j => j != h && c[h, j] > 0)
                .Select(j => (Item: j, Sim: c[h, j] / ((Math.Pow(c[h, h], alpha) * Math.Pow(c[j, j], 1 - alpha)) + shrink)))
                .OrderByDescending(x => x.Sim).ThenBy(x => x.Item).Take(7).ToList();
            for (var k = 0; k < lists.Width; k++)
            {
                var at = (h * lists.Width) + k;
                if (k < expected.Count)
                {
                    Assert.Equal(expected[k].Item, lists.Neighbours[at]);
                    Assert.Equal(expected[k].Sim, lists.Weights[at], 5);
                }
                else
                {
                    Assert.Equal((h, 0f), (lists.Neighbours[at], lists.Weights[at]));
                }
            }
        }
    }

    [Fact]
    public void Fit_HeavyUsersCappedAndThreadCounts_RecentItemsOnlyAndSameListsOnOneOrManyThreads()
    {
        // User 0 had items 0–9 long ago and 10–19 recently; with a cap of 10 only the recent ones count. User 1 has 0 and 15.
        var interactions = Enumerable.Range(0, 20).Select(i => new Interaction(0, i, 1, i < 10 ? 1 : 1_000)).ToList();
        interactions.AddRange([new Interaction(1, 0, 1, 5), new Interaction(1, 15, 1, 5)]);
        var train = InteractionSet.Create(interactions, 2, 20);

        using var one = ItemKnnModel.Fit(train, new ItemKnnOptions { Neighbours = 19, MaxUserHistory = 10, Threads = 1 }, CancellationToken.None);
        using var many = ItemKnnModel.Fit(train, new ItemKnnOptions { Neighbours = 19, MaxUserHistory = 10, Threads = 4 }, CancellationToken.None);

        Assert.Equal(one.Lists.Neighbours, many.Lists.Neighbours);
        Assert.Equal(one.Lists.Weights, many.Lists.Weights);

        // Item 0 is only in user 1's counted history, so its one neighbour is 15; uncapped it would have all 19.
        var weights = one.Lists.Weights.AsSpan(0, 19).ToArray();
        Assert.Equal(1, weights.Count(w => w > 0));
        Assert.Equal(15, one.Lists.Neighbours[0]);

        // Item 15 is in both counted histories: its neighbours are 10–19 (user 0's recent half) and 0 (user 1).
        var row15 = one.Lists.Neighbours.AsSpan(15 * 19, 19).ToArray().Where((_, k) => one.Lists.Weights[(15 * 19) + k] > 0).Order();
        Assert.Equal([0, 10, 11, 12, 13, 14, 16, 17, 18, 19], row15);
    }

    [Fact]
    public void Fit_MaxEntries_BoundsTheNeighboursPerItem()
    {
        var dataset = TrainingData.Planted(users: 100, items: 200, events: 2_000, clusters: 5);

        using var model = ItemKnnModel.Fit(dataset.Train, new ItemKnnOptions { Neighbours = 100, MaxEntries = 2_000 }, CancellationToken.None);

        Assert.InRange(dataset.Train.ItemCount, 101, 200);
        Assert.Equal(2_000 / dataset.Train.ItemCount, model.Dimensions);
    }

    [Fact]
    public async Task ExecuteAsync_PlantedClusters_BeatsPopularityAndServesBinaryWeights()
    {
        var dataset = TrainingData.Planted();

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(recipe: ItemKnnRecipe.RecipeName), dataset, work.Path);

        var knn = outcome.FinalMetrics["ndcg@10"];
        var popularity = outcome.FinalMetrics["popularity.ndcg@10"];
        output.WriteLine($"item-knn ndcg@10 {knn:F4}, popularity {popularity:F4}");
        Assert.True(knn >= 1.3 * popularity, $"item-knn {knn:F4} vs popularity {popularity:F4}");
        Assert.Equal(1, outcome.FinalMetrics["gate.beats_popularity"]);

        // Fitted on the binary matrix, so the engine must feed weight 1 per item whatever the event type.
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outcome.ArtifactDirectory, "manifest.json")))!;
        var weights = manifest["serving"]!["signal_weights"]!.AsObject();
        Assert.NotEmpty(weights);
        Assert.All(weights, w => Assert.Equal(1f, w.Value!.GetValue<float>()));

        // The served graph ranks as the refitted lists do.
        var refit = RunExecutor.WithEvalInTrain(dataset);
        using var fitted = ItemKnnModel.Fit(refit.Train, new ItemKnnOptions(), CancellationToken.None);
        var histories = new RecentHistories(refit.Train, 200, binary: true);
        using var onnx = new OnnxScorer(outcome.ArtifactDirectory, histories, dataset.Items.Count);
        var (_, indices) = onnx.Run(histories, user: 5, k: 10, new float[dataset.Items.Count]);
        histories.Fill([5], out var items, out var w);
        var scores = new float[dataset.Items.Count];
        fitted.Score(items, w, 1, scores);
        Assert.Equal(Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(10).Select(i => (long)i), indices);
    }

    [Fact]
    public void Validate_BadOptions_EveryRuleReported()
    {
        var errors = new ItemKnnOptions { Neighbours = 0, MaxEntries = 1, Alpha = 2, Shrink = -1, MaxUserHistory = 1, HistoryLength = 0, Threads = -1 }.Validate();

        Assert.Equal(7, errors.Count);
    }
}
