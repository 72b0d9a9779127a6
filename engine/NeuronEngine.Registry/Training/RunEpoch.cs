namespace NeuronEngine.Registry.Training;

/// <summary>One finished epoch of a run.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Metrics">Eval metrics by name (<c>ndcg@10</c>).</param>
public sealed record RunEpoch(int Epoch, double Loss, IReadOnlyDictionary<string, double> Metrics);
