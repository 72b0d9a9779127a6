using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Cluster;

/// <summary>What one replica serves on one endpoint.</summary>
/// <param name="Tenant">The endpoint's tenant.</param>
/// <param name="Endpoint">The endpoint's name.</param>
/// <param name="Owner">The served version's family owner (<c>shared</c> for a base family), or null when it serves nothing.</param>
/// <param name="Family">The served version's family name, or null.</param>
/// <param name="Version">The served version, or 0.</param>
/// <param name="Error">Why the last load of the version the registry records failed here, or null (it loaded, or none failed).</param>
internal sealed record ReplicaEndpoint(string Tenant, string Endpoint, string? Owner, string? Family, int Version, string? Error)
{
    /// <summary>True when the replica serves exactly <paramref name="version"/>.</summary>
    public bool Serves(VersionRef version) =>
        Version == version.Version && Family == version.Family.Name && Owner == version.Family.OwnerTenant;

    /// <summary>The served version as text (<c>owner/family@3</c>), or <c>-</c>.</summary>
    public string ServedText => Family is null ? "-" : $"{Owner}/{Family}@{Version}";
}
