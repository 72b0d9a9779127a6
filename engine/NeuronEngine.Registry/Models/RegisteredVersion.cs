namespace NeuronEngine.Registry.Models;

/// <summary>A model version as the registry holds it.</summary>
/// <param name="Family">The family, with its owner tenant; <c>ToString()</c> gives what a caller writes.</param>
/// <param name="Version">The version number: 1 for a family's first, then each registration adds one.</param>
/// <param name="Name">Display name, 1–128 characters (default <c>&lt;template_id&gt;-&lt;run_id&gt;</c> or <c>v&lt;version&gt;</c>).</param>
/// <param name="Label">Editable label, possibly empty.</param>
/// <param name="Description">Editable description, possibly empty.</param>
/// <param name="Status">Pending or Approved.</param>
/// <param name="Created">When it was registered (UTC).</param>
/// <param name="RunId">The run that produced it, or null.</param>
/// <param name="TemplateId">The template that run used, or null.</param>
/// <param name="Metrics">Final metrics by name.</param>
/// <param name="Manifest">The manifest JSON text, as registered.</param>
/// <param name="ArtifactPath">The artifact directory relative to the models directory, <c>&lt;owner&gt;/&lt;family&gt;/&lt;version&gt;</c>.</param>
/// <param name="SizeBytes">Size of the artifact directory in bytes.</param>
/// <param name="Approved">When it was approved (UTC), or null while Pending.</param>
/// <param name="ApprovedBy">Who approved it, or null while Pending.</param>
/// <param name="ArtifactId">
/// The SHA-256 hex of the artifact blob in Redis (cluster mode), as registered; always null from <see cref="ModelStore"/>
/// (SQLite), which does not keep it.
/// </param>
/// <remarks>Equality of <see cref="Metrics"/> is by reference, as for any collection in a record.</remarks>
public sealed record RegisteredVersion(
    FamilyRef Family,
    int Version,
    string Name,
    string Label,
    string Description,
    ModelVersionStatus Status,
    DateTimeOffset Created,
    string? RunId,
    string? TemplateId,
    IReadOnlyDictionary<string, double> Metrics,
    string Manifest,
    string ArtifactPath,
    long SizeBytes,
    DateTimeOffset? Approved,
    string? ApprovedBy,
    string? ArtifactId = null)
{
    /// <summary>This version as a reference.</summary>
    public VersionRef Ref => new(Family, Version);
}
