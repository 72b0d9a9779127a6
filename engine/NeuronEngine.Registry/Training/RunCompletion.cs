namespace NeuronEngine.Registry.Training;

/// <summary>How a trainer ends a run.</summary>
/// <param name="Status">Succeeded, EarlyStopped, Failed or Stopped.</param>
/// <param name="Error">Why it failed; ignored unless Failed or Stopped.</param>
/// <param name="FinalMetrics">The exported epoch's metrics; stored on the run and the version.</param>
/// <param name="Manifest">The run manifest as JSON.</param>
/// <param name="ArtifactBytes">For Succeeded and EarlyStopped: the artifact directory's size in bytes.</param>
/// <param name="ArtifactId">
/// Cluster mode, for Succeeded and EarlyStopped: the SHA-256 of the artifact blob the engine stored in Redis, which the
/// version records (<see cref="Models.VersionRegistration.ArtifactId"/>) so every replica can place the artifact. Null
/// on one node, where the SQLite model store does not keep it.
/// </param>
public sealed record RunCompletion(
    RunStatus Status,
    string? Error = null,
    IReadOnlyDictionary<string, double>? FinalMetrics = null,
    string? Manifest = null,
    long ArtifactBytes = 0,
    string? ArtifactId = null)
{
    /// <summary>True when completing registers a version.</summary>
    public bool RegistersVersion => Status is RunStatus.Succeeded or RunStatus.EarlyStopped;
}
