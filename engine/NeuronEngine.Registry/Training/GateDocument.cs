namespace NeuronEngine.Registry.Training;

/// <summary>A rubric gate in <see cref="RunDocument"/>.</summary>
internal sealed record GateDocument
{
    public required string Name { get; init; }

    public required double MinValue { get; init; }
}
