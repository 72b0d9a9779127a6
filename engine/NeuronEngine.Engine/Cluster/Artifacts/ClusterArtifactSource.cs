using NeuronEngine.Core;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Cluster.Artifacts;

/// <summary>
/// Cluster mode: a version whose artifact folder is not in this replica's data directory (another replica registered
/// it) is fetched from its blob in Redis (<see cref="RegisteredVersion.ArtifactId"/>), checked against its SHA-256,
/// unpacked and put in place durably; then <see cref="ModelHost"/> loads it as it loads any version.
/// </summary>
internal sealed class ClusterArtifactSource(IModelStore store, ArtifactStore artifacts) : IArtifactSource
{
    public async Task EnsureAsync(VersionKey version, string artifactDirectory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(artifactDirectory))
        {
            return;
        }

        var registered = store.GetVersion(version.OwnerTenant, new FamilyRef(version.OwnerTenant, version.Family), version.Version);
        if (registered.ArtifactId is not { } artifactId)
        {
            throw NeuronException.DataLoss($"the artifact of {version} is not on this replica, and the registry names no blob in Redis to fetch it from (registered before cluster mode?)");
        }

        await artifacts.FetchAsync(artifactId, artifactDirectory, $"the artifact of {version}", cancellationToken);
    }
}
