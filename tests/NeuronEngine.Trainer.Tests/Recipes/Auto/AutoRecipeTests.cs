using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.Auto;
using NeuronEngine.Trainer.Recipes.Ease;
using NeuronEngine.Trainer.Recipes.Neighbours;
using NeuronEngine.Trainer.Recipes.Popularity;
using NeuronEngine.Trainer.Runs;
using NeuronEngine.Trainer.Tests.Runs;

namespace NeuronEngine.Trainer.Tests.Recipes.Auto;

[Collection(TrainingCollection.Name)]
public sealed class AutoRecipeTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    /// <summary>On planted taste clusters item-kNN clearly beats popularity; auto must ship it in either candidate order.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExecuteAsync_OneCandidateClearlyBetter_ShipsItAndRecordsEveryCandidate(bool knnFirst)
    {
        var dataset = TrainingData.Planted();
        IRecipe knn = new ItemKnnRecipe(new ItemKnnOptions()), popularity = new PopularityRecipe();
        var executor = Executor(knnFirst ? [knn, popularity] : [popularity, knn]);
        var reporter = new RecordingReporter();

        var outcome = await TrainingData.RunAsync(executor, TrainingData.Spec(recipe: AutoRecipe.RecipeName), dataset, work.Path, reporter);

        var manifest = JsonNode.Parse(outcome.Manifest)!;
        Assert.Equal("auto", manifest["recipe"]!.GetValue<string>());
        Assert.Equal(ItemKnnRecipe.RecipeName, manifest["selected_recipe"]!.GetValue<string>());
        var candidates = manifest["candidates"]!.AsArray();
        Assert.Equal(2, candidates.Count);
        var knnNdcg = outcome.FinalMetrics["candidate.item-knn.ndcg@10"];
        var popularityNdcg = outcome.FinalMetrics["candidate.popularity.ndcg@10"];
        Assert.True(knnNdcg > 1.3 * popularityNdcg, $"item-knn {knnNdcg:F4} vs popularity {popularityNdcg:F4}");
        Assert.Equal(knnNdcg, outcome.FinalMetrics["ndcg@10"]);
        Assert.Single(candidates, c => c!["selected"]!.GetValue<bool>() && c["recipe"]!.GetValue<string>() == ItemKnnRecipe.RecipeName);

        // One-shot candidates go to the log; with no trained candidate the winner is the one reported evaluation.
        var epoch = Assert.Single(reporter.Epochs);
        Assert.Equal(knnNdcg, epoch.Metrics["ndcg@10"]);
        Assert.Contains(reporter.Lines, l => l.Contains("auto: selected item-knn", StringComparison.Ordinal));
        var artifact = JsonNode.Parse(File.ReadAllText(Path.Combine(outcome.ArtifactDirectory, "manifest.json")))!;
        Assert.Equal(ItemKnnRecipe.RecipeName, artifact["recipe"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExecuteAsync_EventLogData_RefitsOnTrainPlusEvalAndSaysSo()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);

        var outcome = await TrainingData.RunAsync(Executor([new ItemKnnRecipe(new ItemKnnOptions())]), TrainingData.Spec(recipe: "auto"), dataset, work.Path);

        var refit = JsonNode.Parse(outcome.Manifest)!["refit"]!;
        Assert.True(refit["refitted"]!.GetValue<bool>());
        Assert.Equal(dataset.Train.Count + dataset.Eval.Count, refit["interactions"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExecuteAsync_RefitOff_ShipsTheSelectedModelAsTrained()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        var spec = TrainingData.Spec(recipe: ItemKnnRecipe.RecipeName) with { Refit = false };

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(), spec, dataset, work.Path);

        Assert.False(JsonNode.Parse(outcome.Manifest)!["refit"]!["refitted"]!.GetValue<bool>());
    }

    [Fact]
    public void CandidatesFor_LargeCatalog_LeavesOutEaseAndPooledHistoryWithReasons()
    {
        var catalog = new RecipeCatalog(TrainingData.FastOptions());
        var auto = (AutoRecipe)catalog.Find(AutoRecipe.RecipeName);

        var (candidates, skipped) = auto.CandidatesFor(1_000_000);

        Assert.Equal([ItemKnnRecipe.RecipeName], candidates.Select(c => c.Name));
        Assert.Equal(2, skipped.Count);
        Assert.Contains(skipped, s => s.StartsWith(EaseRecipe.RecipeName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.300, 0.280, "item-knn")]
    [InlineData(0.300, 0.300, "ease")]
    [InlineData(0.280, 0.300, "ease")]
    [InlineData(0.300, 0.299, "item-knn")] // within the tolerance but below item-knn: never ship below the neighbour baseline
    public void Choose_WithinToleranceOfTheBest_TieGoesToThePreferredRecipe(double knn, double ease, string expected)
    {
        var catalog = new RecipeCatalog(TrainingData.FastOptions());
        var auto = (AutoRecipe)catalog.Find(AutoRecipe.RecipeName);
        CandidateResult Result(string recipe, double ndcg)
        {
            var epoch = new EpochRecord(1, 0, new Dictionary<string, double> { ["ndcg@10"] = ndcg });
            return new CandidateResult(catalog.Find(recipe), new TrainingResult([epoch], epoch, false), TimeSpan.Zero);
        }

        var results = new[] { Result("item-knn", knn), Result("ease", ease) };

        Assert.Equal(expected, results[auto.Choose(results, "ndcg@10")].Recipe.Name);
    }

    private static RunExecutor Executor(IReadOnlyList<IRecipe> candidates) => new(
        new RecipeCatalog([new AutoRecipe(new AutoOptions(), candidates), .. candidates.Where(c => c is not PopularityRecipe), new PopularityRecipe()]),
        new RunExecutorOptions(),
        new SplitOptions(),
        new EvaluationOptions { MaxDegreeOfParallelism = 2 },
        TimeProvider.System,
        NullLogger<RunExecutor>.Instance);
}
