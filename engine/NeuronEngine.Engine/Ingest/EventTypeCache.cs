using System.Collections.Concurrent;
using System.Collections.Frozen;
using NeuronEngine.Registry.EventTypes;

namespace NeuronEngine.Engine.Ingest;

/// <summary>
/// Each tenant's event types and weights in memory, so <c>Track</c> validates without touching the registry.
/// Changes made through this engine invalidate the tenant's entry; in cluster mode, so do changes made through any
/// other replica (<see cref="Cluster.ClusterInvalidations"/>).
/// </summary>
internal sealed class EventTypeCache
{
    private const string Kind = "event-types";

    private readonly ConcurrentDictionary<string, FrozenDictionary<string, byte>> byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<FrozenDictionary<string, byte>>> loading = new(StringComparer.Ordinal);
    private readonly IEventTypeStore store;
    private readonly Cluster.ClusterInvalidations? cluster;
    private long generation;

    public EventTypeCache(IEventTypeStore store, Cluster.ClusterInvalidations? cluster = null)
    {
        this.store = store;
        this.cluster = cluster;
        cluster?.On(Kind, tenant => Forget(tenant));
    }

    /// <summary>The tenant's types and their current weights.</summary>
    /// <remarks>
    /// A miss reads the store asynchronously, and calls that miss together share that one read: after an invalidation
    /// a burst of Tracks costs one round trip, and no thread waits on Redis (many waiting at once starve the pool).
    /// </remarks>
    public ValueTask<FrozenDictionary<string, byte>> GetWeightsAsync(string tenant) =>
        byTenant.TryGetValue(tenant, out var weights) ? ValueTask.FromResult(weights) : new(Load(tenant));

    private Task<FrozenDictionary<string, byte>> Load(string tenant)
    {
        var mine = new TaskCompletionSource<FrozenDictionary<string, byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = loading.GetOrAdd(tenant, mine.Task);
        if (load == mine.Task)
        {
            _ = FillAsync(tenant, mine);
        }

        return load;
    }

    private async Task FillAsync(string tenant, TaskCompletionSource<FrozenDictionary<string, byte>> load)
    {
        try
        {
            // A load that raced an invalidation must not publish what it read before the change.
            var before = Volatile.Read(ref generation);
            var weights = (await store.LoadAllAsync(tenant).ConfigureAwait(false))
                .ToFrozenDictionary(p => p.Key, p => (byte)p.Value.Weight, StringComparer.Ordinal);

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

            load.SetResult(weights);
        }
        catch (Exception ex)
        {
            load.SetException(ex);
        }
        finally
        {
            loading.TryRemove(new KeyValuePair<string, Task<FrozenDictionary<string, byte>>>(tenant, load.Task));
        }
    }

    /// <summary>Forgets the tenant's types; the next lookup reloads them.</summary>
    public void Invalidate(string tenant)
    {
        Forget(tenant);
        cluster?.Publish(Kind, tenant);
    }

    /// <summary>Forgets one tenant's types, or every tenant's (null).</summary>
    private void Forget(string? tenant)
    {
        Interlocked.Increment(ref generation);
        if (tenant is null)
        {
            byTenant.Clear();
            loading.Clear();
        }
        else
        {
            // A read already under way may predate the change: later calls start their own.
            byTenant.TryRemove(tenant, out _);
            loading.TryRemove(tenant, out _);
        }
    }
}
