using System.Text.Json;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Runs;
using Xunit.Abstractions;

namespace NeuronEngine.Trainer.Tests.Runs;

[Collection(TrainingCollection.Name)]
public sealed class RunExecutorTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task ExecuteAsync_PlantedClusters_PooledHistoryBeatsPopularityByThirtyPercent()
    {
        var dataset = TrainingData.Planted();

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(TrainingData.FastOptions(folds: 20)), TrainingData.Spec(), dataset, work.Path);

        var model = outcome.FinalMetrics["ndcg@10"];
        var popularity = outcome.FinalMetrics["popularity.ndcg@10"];
        output.WriteLine($"pooled-history ndcg@10 {model:F4}, popularity {popularity:F4}");
        Assert.True(model >= 1.3 * popularity, $"pooled-history {model:F4} vs popularity {popularity:F4}");
        Assert.Equal(1, outcome.FinalMetrics["gate.beats_popularity"]);
    }

    [Fact]
    public async Task ExecuteAsync_SameSpecAndData_ByteIdenticalManifestAndDifferentSeedDiffers()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        var executor = TrainingData.Executor(TrainingData.FastOptions());
        var first = new RecordingReporter();
        var second = new RecordingReporter();
        var other = new RecordingReporter();

        var a = await TrainingData.RunAsync(executor, TrainingData.Spec(epochs: 2, seed: 5), dataset, Path.Combine(work.Path, "a"), first);
        var b = await TrainingData.RunAsync(executor, TrainingData.Spec(epochs: 2, seed: 5), dataset, Path.Combine(work.Path, "b"), second);
        var c = await TrainingData.RunAsync(executor, TrainingData.Spec(epochs: 2, seed: 6), dataset, Path.Combine(work.Path, "c"), other);

        Assert.Equal(a.Manifest, b.Manifest);
        Assert.Equal(Losses(first), Losses(second));
        Assert.Equal(first.Epochs.Select(e => e.Metrics["ndcg@10"]), second.Epochs.Select(e => e.Metrics["ndcg@10"]));
        Assert.NotEqual(Losses(first), Losses(other));
        Assert.NotEqual(a.Manifest, c.Manifest);
    }

    [Fact]
    public async Task ExecuteAsync_OverfittingConfiguration_StopsEarlyAndExportsTheBestEpoch()
    {
        // Few users, a high learning rate and many epochs: eval NDCG peaks early and then falls.
        var dataset = TrainingData.Planted(users: 120, items: 80, events: 2_400, clusters: 4, seed: 3);
        var reporter = new RecordingReporter();
        // Without the refit on train + eval, so what ships is the selection pass's best epoch itself.
        var spec = TrainingData.Spec(epochs: 30, lr: 0.05, rubric: new RubricSpec("ndcg@10", [], Patience: 1)) with { Refit = false };

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(TrainingData.FastOptions()), spec, dataset, work.Path, reporter);

        var epochs = reporter.Epochs.ToArray();
        var best = epochs.MaxBy(e => e.Metrics["ndcg@10"]);
        Assert.True(outcome.EarlyStopped);
        Assert.True(epochs.Length < 30, $"{epochs.Length} epochs");
        Assert.Equal(best.Epoch, outcome.FinalMetrics["epoch"]);
        Assert.Equal(best.Metrics["ndcg@10"], outcome.FinalMetrics["ndcg@10"]);

        // The exported model itself, run through ONNX Runtime, scores the best epoch's NDCG, not the last epoch's.
        var histories = new RecentHistories(dataset.Train, 50);
        using var onnx = new OnnxScorer(outcome.ArtifactDirectory, histories, dataset.Items.Count);
        var exported = new RankingEvaluator(new EvaluationOptions()).Evaluate(dataset.Train, dataset.Eval, onnx);
        Assert.Equal(best.Metrics["ndcg@10"], exported.Ndcg10, 3);
        Assert.NotEqual(epochs[^1].Metrics["ndcg@10"], exported.Ndcg10, 6);
    }

    [Fact]
    public async Task ExecuteAsync_PopularityRecipe_OnnxServesPopularityOrder()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(recipe: "popularity"), dataset, work.Path);

        var expected = new int[10];
        // The shipped model was refitted on train + eval.
        TopK.Select(new PopularityScorer(RunExecutor.WithEvalInTrain(dataset).Train).Popularity, expected);
        using var onnx = new OnnxScorer(outcome.ArtifactDirectory, new RecentHistories(dataset.Train, 50), dataset.Items.Count);
        var (_, indices) = onnx.Run(new RecentHistories(dataset.Train, 50), user: 0, k: 10, new float[dataset.Items.Count]);
        Assert.Equal(expected.Select(i => (long)i), indices);
        Assert.Equal(outcome.FinalMetrics["popularity.ndcg@10"], outcome.FinalMetrics["ndcg@10"], 12);
        Assert.False(outcome.EarlyStopped);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringTraining_ThrowsWithinAStepAndLeavesNoArtifact()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        using var cancel = new CancellationTokenSource();
        long cancelledAt = -1;
        var reporter = new RecordingReporter((phase, epoch, step) =>
        {
            if (phase == "training" && step == 3 && cancelledAt < 0)
            {
                cancelledAt = step;
                cancel.Cancel();
            }
        });

        // 100 samples per user an epoch: the run cannot finish by itself within the test's bound.
        var executor = TrainingData.Executor(TrainingData.FastOptions(folds: 100));
        var run = executor.ExecuteAsync(TrainingData.Spec(), dataset, TrainingData.Source(), work.Path, reporter, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TrainingData.Timeout));
        Assert.Equal(3, reporter.Progresses.Where(p => p.Phase == "training").Max(p => p.Step));
        Assert.False(Directory.Exists(Path.Combine(work.Path, RunExecutor.ArtifactFolder)));
        Assert.Empty(reporter.Epochs);
    }

    [Fact]
    public async Task ExecuteAsync_FailedGate_RecordedAndRunStillFinishes()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        var rubric = new RubricSpec("ndcg@10", [new RubricGateSpec("min_ndcg@10", 0.99)], Patience: 2);
        var reporter = new RecordingReporter();

        var outcome = await TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(epochs: 1, rubric: rubric), dataset, work.Path, reporter);

        Assert.Equal(0, outcome.FinalMetrics["gate.min_ndcg@10"]);
        Assert.Contains(reporter.Lines, l => l.Contains("gate min_ndcg@10 failed", StringComparison.Ordinal));
        using var run = JsonDocument.Parse(outcome.Manifest);
        var gate = run.RootElement.GetProperty("gates")[0];
        Assert.False(gate.GetProperty("passed").GetBoolean());
        Assert.True(File.Exists(Path.Combine(outcome.ArtifactDirectory, ModelContract.ModelFile)));
    }

    [Fact]
    public async Task ExecuteAsync_RubricWithUnknownMetric_FailsBeforeTraining()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        var reporter = new RecordingReporter();
        var spec = TrainingData.Spec(rubric: new RubricSpec("map@5", [], Patience: 1));

        var error = await Assert.ThrowsAsync<NeuronException>(() => TrainingData.RunAsync(TrainingData.Executor(), spec, dataset, work.Path, reporter));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("rubric: unknown primary metric \"map@5\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(reporter.Progresses, p => p.Phase == "training");
    }

    /// <summary>
    /// Regression: a diverging run reported NaN losses (which the engine refuses in ReportEpoch, so the epoch stuck in
    /// the worker's queue) and then failed at the export check with a misleading "export check failed". It must fail
    /// at the first non-finite loss, naming the cause, and report no epoch.
    /// </summary>
    [Fact]
    public async Task ExecuteAsync_LossBecomesNaN_FailsNamingDivergenceAndReportsNoEpoch()
    {
        var dataset = TrainingData.Planted(users: 300, items: 150, events: 6_000);
        var reporter = new RecordingReporter();

        var error = await Assert.ThrowsAsync<NeuronException>(
            () => TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(epochs: 2, lr: 1e30), dataset, work.Path, reporter));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("training diverged", error.Message, StringComparison.Ordinal);
        Assert.Contains("learning_rate", error.Message, StringComparison.Ordinal);
        Assert.Empty(reporter.Epochs);
        Assert.False(Directory.Exists(Path.Combine(work.Path, RunExecutor.ArtifactFolder)));
    }

    [Fact]
    public async Task ExecuteAsync_UnknownRecipe_ThrowsInvalidArgument()
    {
        var dataset = TrainingData.Planted(users: 100, items: 50, events: 1_000);

        var error = await Assert.ThrowsAsync<NeuronException>(() => TrainingData.RunAsync(TrainingData.Executor(), TrainingData.Spec(recipe: "sasrec"), dataset, work.Path));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("recipe: unknown recipe \"sasrec\"; known: auto, item-knn, ease, pooled-history, popularity", error.Message);
    }

    private static double[] Losses(RecordingReporter reporter) => [.. reporter.Epochs.Select(e => e.Loss)];
}
