namespace NeuronEngine.Registry.Models;

/// <summary>An endpoint of one tenant: the production banner (what serves now and how it is doing).</summary>
/// <param name="Name">The endpoint name (<c>production</c>).</param>
/// <param name="Family">The family of the version it serves, or null when it serves nothing.</param>
/// <param name="Version">The version it serves, or null. While Updating this is still the previous version.</param>
/// <param name="VersionName">The served version's name, or null.</param>
/// <param name="Label">The served version's label, or null.</param>
/// <param name="Status">None, InService or Updating.</param>
/// <param name="Since">When the status last changed (UTC), or null for an endpoint never promoted.</param>
/// <param name="LastError">Why the last promotion failed, or null when it succeeded or none was made.</param>
/// <param name="UpdatingTo">While Updating, the version being loaded; otherwise null.</param>
public sealed record ModelEndpoint(
    string Name,
    FamilyRef? Family,
    int? Version,
    string? VersionName,
    string? Label,
    ModelEndpointStatus Status,
    DateTimeOffset? Since,
    string? LastError,
    VersionRef? UpdatingTo)
{
    /// <summary>The served version as a reference, or null.</summary>
    public VersionRef? Serving => Family is { } family && Version is { } version ? new VersionRef(family, version) : null;
}
