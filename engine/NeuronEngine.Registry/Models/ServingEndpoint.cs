namespace NeuronEngine.Registry.Models;

/// <summary>An endpoint that should be serving a version, for the engine to load at start.</summary>
/// <param name="Tenant">The endpoint's tenant.</param>
/// <param name="Endpoint">The endpoint name.</param>
/// <param name="Version">The version it serves (its family may be a <c>shared</c> base family).</param>
/// <param name="ArtifactPath">The version's artifact directory relative to the models directory.</param>
public sealed record ServingEndpoint(string Tenant, string Endpoint, VersionRef Version, string ArtifactPath);
