namespace NeuronEngine.Trainer.Runs;

/// <summary>What the training loop did: every evaluated epoch, the best one (what is exported) and whether it stopped early.</summary>
internal sealed record TrainingResult(IReadOnlyList<EpochRecord> Epochs, EpochRecord Best, bool EarlyStopped);
