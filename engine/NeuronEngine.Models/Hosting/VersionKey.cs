namespace NeuronEngine.Models.Hosting;

/// <summary>A model version as the host knows it: the tenant that owns the family (<c>shared</c> for base families), the family and the version.</summary>
public readonly record struct VersionKey(string OwnerTenant, string Family, int Version)
{
    public override string ToString() => $"{OwnerTenant}/{Family}/v{Version}";
}
