namespace NeuronEngine.Trainer.Runs;

/// <summary>One evaluated epoch: its mean training loss and eval metrics.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Loss">Mean training loss (0 for a recipe that does not train).</param>
/// <param name="Metrics">ndcg@10, recall@20, hr@10.</param>
internal sealed record EpochRecord(int Epoch, double Loss, IReadOnlyDictionary<string, double> Metrics);
