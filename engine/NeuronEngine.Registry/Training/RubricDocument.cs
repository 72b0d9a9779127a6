namespace NeuronEngine.Registry.Training;

/// <summary>A run's rubric in <see cref="RunDocument"/>.</summary>
internal sealed record RubricDocument
{
    public required string PrimaryMetric { get; init; }

    public required int Patience { get; init; }

    public required List<GateDocument> Gates { get; init; }
}
