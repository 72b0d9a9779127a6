namespace NeuronEngine.Registry.Training;

/// <summary>One quality gate of a rubric.</summary>
/// <param name="Name"><c>beats_popularity</c> (relative gain over the popularity baseline) or <c>min_&lt;metric&gt;</c> (an absolute floor).</param>
/// <param name="MinValue">The gain or floor the gate needs, e.g. 0.10 for "by at least 10 %".</param>
public sealed record RubricGate(string Name, double MinValue);
