namespace NeuronEngine.Registry.Models;

/// <summary>What the caller supplies to register a model version; the store assigns the number and the artifact path.</summary>
/// <param name="Name">1–128 characters; null or empty means <c>&lt;template_id&gt;-&lt;run_id&gt;</c> when both are set, else <c>v&lt;version&gt;</c>.</param>
/// <param name="Label">0–128 characters, no control characters; null means empty.</param>
/// <param name="Description">0–4000 characters; null means empty.</param>
/// <param name="RunId">The training run that produced it, or null for a brought-in model; 1–64 characters, no whitespace.</param>
/// <param name="TemplateId">The signal template the run used, or null.</param>
/// <param name="Metrics">Final metrics by name (<c>ndcg@10</c>); finite values; null means none.</param>
/// <param name="Manifest">The run manifest as JSON text, stored as given (null means <c>{}</c>).</param>
/// <param name="SizeBytes">Total size of the artifact directory in bytes, at least 0.</param>
/// <param name="ArtifactId">
/// Cluster mode: the SHA-256 (64 lower-case hex digits) of the artifact blob the engine stored in Redis before
/// registering, from which each replica puts the artifact in place. Null on one node; <see cref="ModelStore"/> (SQLite)
/// does not keep it.
/// </param>
public sealed record VersionRegistration(
    string? Name = null,
    string? Label = null,
    string? Description = null,
    string? RunId = null,
    string? TemplateId = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    string? Manifest = null,
    long SizeBytes = 0,
    string? ArtifactId = null);
