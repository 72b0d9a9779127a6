namespace NeuronEngine.Trainer.Runs;

/// <summary>A run that finished training and produced a checked artifact.</summary>
/// <param name="EarlyStopped">True when the rubric's patience ended training before the last epoch.</param>
/// <param name="FinalMetrics">The exported (best) epoch's metrics, the popularity baseline's and the gates' results.</param>
/// <param name="Manifest">The run manifest as JSON (also inside the artifact's manifest.json as <c>run</c>).</param>
/// <param name="ArtifactDirectory">model.onnx, items.txt and manifest.json, ready to register.</param>
internal sealed record RunOutcome(bool EarlyStopped, IReadOnlyDictionary<string, double> FinalMetrics, string Manifest, string ArtifactDirectory);
