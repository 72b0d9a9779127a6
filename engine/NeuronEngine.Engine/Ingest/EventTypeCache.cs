using System.Collections.Concurrent;
using System.Collections.Frozen;
using NeuronEngine.Registry.EventTypes;

namespace NeuronEngine.Engine.Ingest;

/// <summary>
/// Each tenant's event types and weights in memory, so <c>Track</c> validates without touching SQLite.
/// Changes made through this engine invalidate the tenant's entry.
/// </summary>
internal sealed class EventTypeCache(IEventTypeStore store)
{
    private readonly ConcurrentDictionary<string, FrozenDictionary<string, byte>> byTenant = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>The tenant's types and their current weights.</summary>
    public FrozenDictionary<string, byte> GetWeights(string tenant)
    {
        if (byTenant.TryGetValue(tenant, out var weights))
        {
            return weights;
        }

        // A load that raced an invalidation must not publish what it read before the change.
        var before = Volatile.Read(ref generation);
        weights = store.LoadAll(tenant).ToFrozenDictionary(p => p.Key, p => (byte)p.Value.Weight, StringComparer.Ordinal);
        // A tenant with no types is not cached: any well-formed x-tenant could otherwise grow the cache for ever.
        if (weights.Count > 0 && Volatile.Read(ref generation) == before)
        {
            byTenant[tenant] = weights;

            // An invalidation between the check and the publish would otherwise be lost.
            if (Volatile.Read(ref generation) != before)
            {
                byTenant.TryRemove(new KeyValuePair<string, FrozenDictionary<string, byte>>(tenant, weights));
            }
        }

        return weights;
    }

    /// <summary>Forgets the tenant's types; the next lookup reloads them.</summary>
    public void Invalidate(string tenant)
    {
        Interlocked.Increment(ref generation);
        byTenant.TryRemove(tenant, out _);
    }
}
