namespace NeuronEngine.Trainer.Runs;

/// <summary>One gate of a rubric.</summary>
/// <param name="Name"><c>beats_popularity</c> or <c>min_&lt;metric&gt;</c>.</param>
/// <param name="MinValue">The relative gain or the absolute floor the gate needs.</param>
internal sealed record RubricGateSpec(string Name, double MinValue);
