using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Devices;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Runs;

/// <summary>
/// Runs one training run from its spec to a checked artifact: datasets (event log window or upload) → recipe →
/// rubric check against the eval set → training with an evaluation after every epoch and early stopping → export of
/// the best epoch → export check in ONNX Runtime → <see cref="RunOutcome"/>.
/// </summary>
/// <remarks>
/// Expected failures throw <see cref="NeuronException"/>; cancellation throws <see cref="OperationCanceledException"/>
/// within a training step or an evaluation batch. The artifact is written to <c>artifact.partial</c> and renamed to
/// <c>artifact</c> only once it passed the export check, so a stopped or failed run never leaves a finished-looking
/// artifact. One run at a time per instance is expected (TorchSharp's thread count is process-wide).
/// </remarks>
internal sealed partial class RunExecutor
{
    /// <summary>The artifact folder under the work directory.</summary>
    public const string ArtifactFolder = "artifact";

    private readonly RecipeCatalog recipes;
    private readonly RunExecutorOptions options;
    private readonly SplitOptions split;
    private readonly RankingEvaluator evaluator;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TrainerDevice device;

    /// <param name="recipes">The recipes runs may name.</param>
    /// <param name="options">Evaluation cap and export check.</param>
    /// <param name="split">How event-log data is split into train and eval.</param>
    /// <param name="evaluation">Scoring batch and parallelism.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The executor's log.</param>
    /// <param name="device">Where recipes train; the CPU when null.</param>
    /// <exception cref="NeuronException">InvalidArgument listing every broken option.</exception>
    public RunExecutor(RecipeCatalog recipes, RunExecutorOptions options, SplitOptions split, EvaluationOptions evaluation, TimeProvider time, ILogger<RunExecutor> logger, TrainerDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Validate().Concat(split.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        this.recipes = recipes;
        this.options = options;
        this.split = split;
        evaluator = new RankingEvaluator(evaluation);
        this.time = time;
        this.logger = logger;
        this.device = device ?? TrainerDevice.Cpu;
    }

    /// <summary>Builds the run's datasets and trains, evaluates, exports and checks its model.</summary>
    /// <param name="spec">The leased run.</param>
    /// <param name="workDirectory">The run's own folder; the artifact goes to <c>&lt;workDirectory&gt;/artifact</c>.</param>
    /// <param name="reporter">Progress, epochs and log lines.</param>
    /// <param name="cancellationToken">StopRun: honoured within a training step or an evaluation batch.</param>
    /// <exception cref="NeuronException">InvalidArgument for a bad spec (unknown recipe, settings out of range);
    /// FailedPrecondition for data or a rubric that cannot make a run; DataLoss when the export check fails.</exception>
    public async Task<RunOutcome> ExecuteAsync(RunSpec spec, string workDirectory, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reporter);
        // Checked before the data is read, which can take long.
        recipes.Find(spec.Recipe);
        Settings(spec);
        reporter.Progress("reading", 0, 0, 0);
        TrainEvalDataset dataset;
        JsonObject source;
        if (spec.TrainDatasetPath is { } trainPath)
        {
            var evalPath = spec.EvalDatasetPath ?? throw NeuronException.InvalidArgument("eval_dataset", "must be set when a train dataset is");
            using var train = File.OpenText(trainPath);
            using var eval = File.OpenText(evalPath);
            dataset = await UploadedDatasetReader.ReadAsync(spec.Template, train, eval, cancellationToken);
            source = new JsonObject
            {
                ["source"] = "upload",
                ["train_path"] = trainPath,
                ["train_file_sha256"] = await FileHashAsync(trainPath, cancellationToken),
                ["eval_path"] = evalPath,
                ["eval_file_sha256"] = await FileHashAsync(evalPath, cancellationToken),
            };
        }
        else
        {
            dataset = await new EventLogDatasetReader(new EventLogReader(spec.EventLogDirectory))
                .BuildAsync(spec.Tenant, spec.Template, spec.LogPosition, split.WithSeed(spec.Seed), null, cancellationToken);
            source = new JsonObject { ["source"] = "event-log", ["log_position"] = spec.LogPosition.Offset };
        }

        reporter.Log($"dataset: {dataset.Report.Users} users, {dataset.Report.Items} items, {dataset.Report.TrainInteractions} train and {dataset.Report.EvalInteractions} eval interactions");
        return await ExecuteAsync(spec, dataset, source, workDirectory, reporter, cancellationToken);
    }

    /// <summary>The run from an already built dataset: the path a measurement or a test with in-memory data takes.</summary>
    /// <param name="spec">The run (its data fields are only recorded).</param>
    /// <param name="dataset">The train and eval sets.</param>
    /// <param name="source">Where the data came from, for the run manifest.</param>
    /// <param name="workDirectory">The run's own folder.</param>
    /// <param name="reporter">Progress, epochs and log lines.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public Task<RunOutcome> ExecuteAsync(
        RunSpec spec, TrainEvalDataset dataset, JsonObject source, string workDirectory, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        ArgumentNullException.ThrowIfNull(reporter);
        var recipe = recipes.Find(spec.Recipe);
        var settings = Settings(spec);
        reporter.Log($"device: {device.Reason}");

        // Training is CPU-bound and synchronous (TorchSharp); it runs off the caller's thread.
        return Task.Run(() => Run(spec, recipe, settings, dataset, source, workDirectory, reporter, cancellationToken), cancellationToken);
    }

    private TrainingSettings Settings(RunSpec spec)
    {
        var errors = new List<string>();
        if (spec.Epochs is < 1 or > 50)
        {
            errors.Add($"epochs: must be 1–50, got {spec.Epochs}");
        }

        if (spec.BatchSize is < 1 or > 4096)
        {
            errors.Add($"batch_size: must be 1–4096, got {spec.BatchSize}");
        }

        if (!(spec.LearningRate > 0 && double.IsFinite(spec.LearningRate)))
        {
            errors.Add($"learning_rate: must be above 0, got {spec.LearningRate}");
        }

        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        return new TrainingSettings(spec.Epochs, spec.BatchSize, spec.LearningRate, spec.Seed) { Device = device.Device };
    }

    private static async Task<string> FileHashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
