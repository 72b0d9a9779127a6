namespace NeuronEngine.Registry.Training;

/// <summary>Where a run is now, as its trainer last reported it.</summary>
/// <param name="Phase"><c>queued</c>, <c>reading</c>, <c>training</c>, <c>evaluating</c>, <c>exporting</c>, <c>verifying</c>, <c>registering</c> or <c>done</c>.</param>
/// <param name="Epoch">The 1-based epoch being trained, 0 before the first.</param>
/// <param name="Step">The step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps in one epoch, 0 when not known yet.</param>
public sealed record RunProgress(string Phase, int Epoch = 0, long Step = 0, long StepsPerEpoch = 0)
{
    /// <summary>The progress of a run no trainer has taken yet.</summary>
    public static RunProgress Queued { get; } = new("queued");
}
