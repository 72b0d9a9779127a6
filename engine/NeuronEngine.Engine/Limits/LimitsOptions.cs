using NeuronEngine.Core;

namespace NeuronEngine.Engine.Limits;

/// <summary>
/// Per-tenant rate limits. Bound from the <c>Limits</c> section. A tenant past a limit gets RESOURCE_EXHAUSTED naming
/// it; the bucket refills continuously, so a client that backs off for a moment gets through again. 0 turns a limit off.
/// </summary>
public sealed class LimitsOptions : IValidatedOptions
{
    public const string SectionName = "Limits";

    /// <summary>Recommend and SimilarItems calls per second, per tenant. Default 20,000 (above what one engine serves).</summary>
    public int RecommendPerSecond { get; set; } = 20_000;

    /// <summary>Calls a tenant may make at once above <see cref="RecommendPerSecond"/> after a quiet spell. Default 20,000.</summary>
    public int RecommendBurst { get; set; } = 20_000;

    /// <summary>Tracked events per second, per tenant (Track and TrackStream, counted by event). Default 200,000.</summary>
    public int EventsPerSecond { get; set; } = 200_000;

    /// <summary>Events a tenant may send at once above <see cref="EventsPerSecond"/> after a quiet spell. Default 200,000.</summary>
    public int EventsBurst { get; set; } = 200_000;

    /// <summary>Every broken rule, as <c>Limits:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(RecommendPerSecond), RecommendPerSecond, nameof(RecommendBurst), RecommendBurst);
        Check(errors, nameof(EventsPerSecond), EventsPerSecond, nameof(EventsBurst), EventsBurst);
        return errors;
    }

    private static void Check(List<string> errors, string rateName, int rate, string burstName, int burst)
    {
        if (rate is < 0 or > 100_000_000)
        {
            errors.Add($"{SectionName}:{rateName} must be 0-100000000 (0 = no limit; got {rate})");
        }

        if (rate > 0 && burst < 1)
        {
            errors.Add($"{SectionName}:{burstName} must be at least 1 when {rateName} is set (got {burst})");
        }
    }
}
