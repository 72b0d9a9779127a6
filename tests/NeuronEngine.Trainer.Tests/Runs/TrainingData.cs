using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Measurement;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Tests.Runs;

/// <summary>Small planted data sets, specs and executors for the training tests.</summary>
internal static class TrainingData
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Taste clusters with Zipf popularity (see <see cref="SyntheticData"/>): structure a model can learn.</summary>
    public static TrainEvalDataset Planted(int users = 600, int items = 400, int events = 15_000, int clusters = 20, long seed = 7) =>
        SyntheticData.BuildDataset(
            SyntheticData.Generate(new SyntheticDataOptions { Users = users, Items = items, Events = events, Clusters = clusters, Seed = seed }),
            SyntheticData.Template(),
            new SplitOptions());

    /// <summary>Small and fast: 32 dimensions, one thread, histories of 50, <paramref name="folds"/> samples per user an epoch.</summary>
    public static PooledHistoryOptions FastOptions(int folds = 5) => new() { Dimensions = 32, Threads = 1, HistoryLength = 50, Folds = folds };

    public static RunExecutor Executor(PooledHistoryOptions? options = null, RunExecutorOptions? run = null) => new(
        new RecipeCatalog(options ?? FastOptions()),
        run ?? new RunExecutorOptions(),
        new SplitOptions(),
        new EvaluationOptions { MaxDegreeOfParallelism = 2 },
        TimeProvider.System,
        NullLogger<RunExecutor>.Instance);

    public static RunSpec Spec(
        string recipe = "pooled-history", int epochs = 3, double lr = 0.005, long seed = 1, int batch = 256, RubricSpec? rubric = null) => new()
    {
        RunId = "run-1",
        Tenant = "acme",
        TemplateName = "synthetic",
        Template = SyntheticData.Template(),
        Recipe = recipe,
        Epochs = epochs,
        BatchSize = batch,
        LearningRate = lr,
        Seed = seed,
        Rubric = rubric ?? new RubricSpec("ndcg@10", [new RubricGateSpec("beats_popularity", 0.1)], Patience: 3),
        LogPosition = LogPosition.Start,
        EventLogDirectory = "(in memory)",
    };

    public static JsonObject Source() => new() { ["source"] = "synthetic" };

    public static Task<RunOutcome> RunAsync(RunExecutor executor, RunSpec spec, TrainEvalDataset dataset, string work, IRunReporter? reporter = null) =>
        executor.ExecuteAsync(spec, dataset, Source(), work, reporter ?? new RecordingReporter(), CancellationToken.None).WaitAsync(Timeout);
}
