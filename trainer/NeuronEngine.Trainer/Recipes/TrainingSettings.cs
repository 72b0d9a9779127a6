using TorchSharp;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>The run's training settings, as a recipe sees them.</summary>
/// <param name="Epochs">Epochs to train at most, 1 or more.</param>
/// <param name="BatchSize">Samples per optimiser step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Seed">Seeds initialisation, sampling, masking and dropout.</param>
internal sealed record TrainingSettings(int Epochs, int BatchSize, double LearningRate, long Seed)
{
    /// <summary>Where a recipe that trains with TorchSharp makes its tensors: the trainer's device. Default the CPU.</summary>
    public torch.Device Device { get; init; } = torch.CPU;
}
