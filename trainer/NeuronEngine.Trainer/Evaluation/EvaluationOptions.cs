namespace NeuronEngine.Trainer.Evaluation;

/// <summary>How evaluation runs.</summary>
internal sealed class EvaluationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Evaluation";

    /// <summary>Threads that score users at once, 1 or more. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxDegreeOfParallelism < 1 ? [$"{SectionName}:{nameof(MaxDegreeOfParallelism)} must be at least 1, got {MaxDegreeOfParallelism}"] : [];
}
