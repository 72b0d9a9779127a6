using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// Bounds the <c>tenant</c> label: the first <see cref="TelemetryOptions.MaxTenantLabels"/> tenants seen appear as
/// themselves, every later one as <see cref="Other"/>.
/// </summary>
/// <remarks>
/// First come, first labelled, and never forgotten while the engine runs: a tenant's series must not change name
/// between scrapes. Thread-safe; a known tenant costs one dictionary lookup and allocates nothing.
/// </remarks>
internal sealed class TenantLabels
{
    /// <summary>The label of every tenant past the limit.</summary>
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, string> known = new(StringComparer.Ordinal);
    private readonly int limit;
    private int count;

    public TenantLabels(IOptions<TelemetryOptions> options)
        : this(options.Value.MaxTenantLabels)
    {
    }

    public TenantLabels(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        this.limit = limit;
    }

    /// <summary>The label for <paramref name="tenant"/>: itself while there is room, else <see cref="Other"/>.</summary>
    public string For(string tenant)
    {
        if (known.TryGetValue(tenant, out var label))
        {
            return label;
        }

        // Reserve a slot first, so racing tenants never push the count past the limit.
        if (Volatile.Read(ref count) >= limit || Interlocked.Increment(ref count) > limit)
        {
            return Other;
        }

        if (!known.TryAdd(tenant, tenant))
        {
            // Another thread labelled the same tenant meanwhile: give the slot back.
            Interlocked.Decrement(ref count);
        }

        return tenant;
    }
}
