namespace NeuronEngine.Registry.Models;

/// <summary>One promotion in an endpoint's history.</summary>
/// <param name="PromotionId">Unique across tenants; later promotions have larger ids.</param>
/// <param name="Endpoint">The endpoint name.</param>
/// <param name="Target">The version promoted.</param>
/// <param name="Previous">What the endpoint served when the promotion began, or null.</param>
/// <param name="Actor">Who asked for it.</param>
/// <param name="Requested">When it began (UTC).</param>
/// <param name="Finished">When it ended (UTC), or null while it runs.</param>
/// <param name="Result">Succeeded or Failed, or null while it runs.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="DurationMs">How long loading took, in milliseconds, as the host measured it; null while it runs.</param>
public sealed record EndpointPromotion(
    long PromotionId,
    string Endpoint,
    VersionRef Target,
    VersionRef? Previous,
    string Actor,
    DateTimeOffset Requested,
    DateTimeOffset? Finished,
    PromotionResult? Result,
    string? Error,
    long? DurationMs);
