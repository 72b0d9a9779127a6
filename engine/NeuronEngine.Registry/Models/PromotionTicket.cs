namespace NeuronEngine.Registry.Models;

/// <summary>A promotion that has begun: what the host must load, and the id to report the result with.</summary>
/// <param name="PromotionId">Pass to <see cref="ModelStore.CompletePromotion"/>; unique across tenants, increasing.</param>
/// <param name="Tenant">The endpoint's tenant.</param>
/// <param name="Endpoint">The endpoint name.</param>
/// <param name="Target">The version to load.</param>
/// <param name="ArtifactPath">The target's artifact directory relative to the models directory.</param>
/// <param name="Previous">What the endpoint served when the promotion began, or null.</param>
/// <param name="Requested">When the promotion began (UTC).</param>
public sealed record PromotionTicket(
    long PromotionId,
    string Tenant,
    string Endpoint,
    VersionRef Target,
    string ArtifactPath,
    VersionRef? Previous,
    DateTimeOffset Requested);
