namespace NeuronEngine.Trainer.Runs;

/// <summary>The refit of the selected model on train + eval, for the run manifest.</summary>
/// <param name="Interactions">Interactions it was fitted on.</param>
/// <param name="Epochs">Epochs trained (the selection's best epoch; 0 for a closed-form model).</param>
/// <param name="Elapsed">Wall time.</param>
internal sealed record RefitRecord(int Interactions, int Epochs, TimeSpan Elapsed);
