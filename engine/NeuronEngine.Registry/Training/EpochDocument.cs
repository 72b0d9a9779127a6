namespace NeuronEngine.Registry.Training;

/// <summary>One finished epoch of a run, under <c>{p}:run-epochs:&lt;run id&gt;</c>.</summary>
internal sealed record EpochDocument
{
    public required double Loss { get; init; }

    public Dictionary<string, double>? Metrics { get; init; }
}
