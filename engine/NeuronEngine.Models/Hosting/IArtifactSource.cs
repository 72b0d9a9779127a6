namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Where a version's artifact comes from when its folder is not on this machine. On one node there is none: the folder
/// is written when the version is registered. In cluster mode a replica puts in place, from Redis, the artifact of a
/// version another replica registered.
/// </summary>
/// <remarks>
/// <see cref="ModelHost"/> calls it before it loads a version (not for one already loaded), holding that version's load
/// gate, on the promotion's task; so every load (a promotion, the start-up load, a replica catching up on a promotion
/// made elsewhere) goes through it and two loads of one version never fetch it twice at once.
/// </remarks>
public interface IArtifactSource
{
    /// <summary>
    /// Makes sure <paramref name="artifactDirectory"/> holds <paramref name="version"/>'s artifact, durably, putting it
    /// in place when it is missing; returns at once when it is there. Throws <see cref="Core.NeuronException"/> to fail
    /// the load (the endpoint keeps what it served): DataLoss or NotFound when the artifact cannot be had, Unavailable when
    /// its store cannot be reached now. Nothing is left at <paramref name="artifactDirectory"/> by a failure.
    /// </summary>
    Task EnsureAsync(VersionKey version, string artifactDirectory, CancellationToken cancellationToken);
}
