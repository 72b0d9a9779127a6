using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Runs;

/// <summary>Everything a run needs, as leased from the engine (options with defaults applied).</summary>
internal sealed record RunSpec
{
    public required string RunId { get; init; }

    public required string Tenant { get; init; }

    /// <summary>The template's name as people see it (the version's default name is <c>&lt;name&gt;-&lt;run id&gt;</c>).</summary>
    public required string TemplateName { get; init; }

    /// <summary>The run's frozen template.</summary>
    public required FrozenTemplate Template { get; init; }

    /// <summary><c>pooled-history</c> or <c>popularity</c>.</summary>
    public required string Recipe { get; init; }

    /// <summary>1–50.</summary>
    public required int Epochs { get; init; }

    /// <summary>64, 128, 256 or 512.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Above 0.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Seeds shuffling, masking, dropout and initialisation.</summary>
    public required long Seed { get; init; }

    public required RubricSpec Rubric { get; init; }

    /// <summary>
    /// Refit the selected model on train + eval before export: null means yes for event-log data and no for uploaded
    /// datasets (their eval set was chosen by the uploader to judge the model, not to train it).
    /// </summary>
    public bool? Refit { get; init; }

    /// <summary>The data window's end in the event log (records ending at or before it).</summary>
    public required LogPosition LogPosition { get; init; }

    /// <summary>The event log's directory (read when no uploaded datasets are named).</summary>
    public required string EventLogDirectory { get; init; }

    /// <summary>Uploaded JSONL train set, when the run names datasets (then <see cref="EvalDatasetPath"/> is set too).</summary>
    public string? TrainDatasetPath { get; init; }

    public string? EvalDatasetPath { get; init; }
}
