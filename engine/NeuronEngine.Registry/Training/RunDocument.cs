using System.Collections.ObjectModel;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>
/// A training run as <see cref="RedisRunStore"/> stores it (JSON through <see cref="TrainingJsonContext"/>): the
/// columns of SQLite's <c>training_runs</c> row, times in UTC ticks. The manifest, epochs and logs live under keys of
/// their own (<see cref="RedisTrainingKeys"/>).
/// </summary>
internal sealed record RunDocument
{
    public required string Tenant { get; init; }

    public required string RunId { get; init; }

    public required string TemplateId { get; init; }

    public required string TemplateName { get; init; }

    public required string FrozenTemplate { get; init; }

    public required string Recipe { get; init; }

    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    public required long Seed { get; init; }

    public required RubricDocument Rubric { get; init; }

    public required string Family { get; init; }

    public required string Actor { get; init; }

    public string? TrainDatasetId { get; init; }

    public string? EvalDatasetId { get; init; }

    public required long LogPosition { get; init; }

    public string? StreamPosition { get; init; }

    public required RunStatus Status { get; init; }

    public required long Created { get; init; }

    public long? Started { get; init; }

    public long? Finished { get; init; }

    public string? LeaseId { get; init; }

    public string? LeaseHolder { get; init; }

    public long? LeaseExpires { get; init; }

    public bool StopRequested { get; init; }

    public required string Phase { get; init; }

    public int Epoch { get; init; }

    public long Step { get; init; }

    public long StepsPerEpoch { get; init; }

    public Dictionary<string, double>? FinalMetrics { get; init; }

    public string? VersionFamily { get; init; }

    public int? VersionNumber { get; init; }

    public string? Error { get; init; }

    public static RunDocument Queued(string tenant, string runId, NewRun run, DateTimeOffset now) => new()
    {
        Tenant = tenant,
        RunId = runId,
        TemplateId = run.TemplateId,
        TemplateName = run.TemplateName,
        FrozenTemplate = run.FrozenTemplate,
        Recipe = run.Recipe,
        Epochs = run.Epochs,
        BatchSize = run.BatchSize,
        LearningRate = run.LearningRate,
        Seed = run.Seed,
        Rubric = new RubricDocument
        {
            PrimaryMetric = run.Rubric.PrimaryMetric,
            Patience = run.Rubric.Patience,
            Gates = [.. run.Rubric.Gates.Select(g => new GateDocument { Name = g.Name, MinValue = g.MinValue })],
        },
        Family = run.Family,
        Actor = run.Actor,
        TrainDatasetId = run.TrainDatasetId,
        EvalDatasetId = run.EvalDatasetId,
        LogPosition = run.LogPosition,
        StreamPosition = run.StreamPosition,
        Status = RunStatus.Queued,
        Created = now.UtcTicks,
        Phase = RunProgress.Queued.Phase,
    };

    /// <summary>The run as the stores return it.</summary>
    public TrainingRun ToRun(IReadOnlyList<RunEpoch> epochs, string manifest) => new(
        Tenant,
        RunId,
        new NewRun(
            TemplateId, TemplateName, FrozenTemplate, Recipe, Epochs, BatchSize, LearningRate, Seed,
            new RunRubric(Rubric.PrimaryMetric, [.. Rubric.Gates.Select(g => new RubricGate(g.Name, g.MinValue))], Rubric.Patience),
            Family, Actor, TrainDatasetId, EvalDatasetId, LogPosition, StreamPosition),
        Status,
        Time(Created),
        Started is { } started ? Time(started) : null,
        Finished is { } finished ? Time(finished) : null,
        LeaseHolder,
        LeaseExpires is { } expires ? Time(expires) : null,
        StopRequested,
        new RunProgress(Phase, Epoch, Step, StepsPerEpoch),
        epochs,
        Metrics(FinalMetrics),
        manifest,
        VersionNumber is { } number && VersionFamily is { } family ? new VersionRef(new FamilyRef(Tenant, family), number) : null,
        Error);

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>Metrics as read back: no metrics is the one empty dictionary SQLite's store returns too.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(Dictionary<string, double>? metrics) =>
        metrics is null || metrics.Count == 0 ? ReadOnlyDictionary<string, double>.Empty : metrics;

    /// <summary>Metrics to store: null when there are none.</summary>
    public static Dictionary<string, double>? Metrics(IReadOnlyDictionary<string, double>? metrics) =>
        metrics is null || metrics.Count == 0 ? null : new Dictionary<string, double>(metrics, StringComparer.Ordinal);
}
