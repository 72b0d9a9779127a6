namespace NeuronEngine.Trainer.Tests.Runs;

/// <summary>
/// Tests that train with TorchSharp run one at a time: torch's thread count is process-wide, and two trainings
/// sharing two cores would only slow each other down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training";
}
