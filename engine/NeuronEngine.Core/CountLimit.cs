using System.Globalization;

namespace NeuronEngine.Core;

/// <summary>
/// A cap on how many of something one tenant may hold, with the setting that configures it, so a refusal names both:
/// <c>Limits:MaxCatalogItems (1000000) reached for tenant "acme": …</c>. A <see cref="Value"/> of 0 (and the default
/// instance) is no limit.
/// </summary>
/// <param name="Setting">The configuration key (<c>Limits:MaxCatalogItems</c>).</param>
/// <param name="Value">The most allowed; 0 for no limit.</param>
/// <remarks>
/// It only does the arithmetic and words the error: counting what a tenant holds, and doing it so that two concurrent
/// calls cannot both pass, is the job of whoever holds the count (a write transaction, a lock, the log's loop).
/// </remarks>
public readonly record struct CountLimit(string Setting, int Value)
{
    /// <summary>True when the limit is on.</summary>
    public bool IsSet => Value > 0;

    /// <summary>Whether holding <paramref name="have"/> and adding <paramref name="adding"/> stays within the limit.</summary>
    /// <remarks>Adding nothing always passes, so a tenant already over a lowered limit can still change what it has.</remarks>
    public bool Allows(long have, long adding) => !IsSet || adding <= 0 || have + adding <= Value;

    /// <summary>The RESOURCE_EXHAUSTED error naming the setting, its value and the tenant, then <paramref name="detail"/>.</summary>
    public NeuronException Reached(string tenant, string detail) =>
        NeuronException.ResourceExhausted(string.Create(CultureInfo.InvariantCulture, $"{Setting} ({Value}) reached for tenant \"{tenant}\": {detail}"));
}
