using System.Collections.Concurrent;

namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    private readonly ConcurrentDictionary<(string Tenant, string Filter), MaskEntry> masks = new();

    // Ticks once per mask added; a hit stamps its entry with the current value, so the smallest stamp is the mask used
    // least recently (to the resolution of one miss, all eviction needs).
    private long maskClock;

    /// <summary>
    /// The exclude mask of one tenant's catalog (at <paramref name="generation"/>) and one filter, built once on first
    /// use however many calls ask at the same time. A newer catalog generation replaces the entry; the cache holds at
    /// most about 256 MiB of masks for this model (at least 4, at most 256) and, when full, drops the filtered mask
    /// used least recently. A tenant's unfiltered mask (<paramref name="filter"/> empty) goes only when no filtered mask
    /// is left to drop (more tenants share the model than it holds masks), least recently used first; a build that
    /// throws is not kept.
    /// </summary>
    public ExcludeMask GetMask(string tenant, string filter, long generation, Func<ExcludeMask> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        return GetMask(tenant, filter, generation, static b => b(), build);
    }

    /// <summary>
    /// <see cref="GetMask(string, string, long, Func{ExcludeMask})"/> with the builder's state passed in, so a call that
    /// finds its mask cached allocates nothing (no closure).
    /// </summary>
    /// <remarks>A hit takes no lock: one dictionary read, and at most one write of its entry's stamp per miss.</remarks>
    public ExcludeMask GetMask<TState>(string tenant, string filter, long generation, Func<TState, ExcludeMask> build, TState state)
    {
        var key = (tenant, filter);
        if (masks.TryGetValue(key, out var entry) && entry.Generation == generation)
        {
            entry.Touch(Volatile.Read(ref maskClock));
            return entry.Mask.Value;
        }

        return AddMask(key, generation, build, state);
    }

    /// <summary>The most masks this model keeps: about 256 MiB of them, at least 4 and at most 256.</summary>
    internal int MaxMasks => (int)Math.Clamp((256L << 20) / Math.Max(1, (long)ItemCount * sizeof(float)), 4, 256);

    private ExcludeMask AddMask<TState>((string Tenant, string Filter) key, long generation, Func<TState, ExcludeMask> build, TState state)
    {
        var fresh = new MaskEntry(generation, new Lazy<ExcludeMask>(() => build(state)), Interlocked.Increment(ref maskClock));
        var entry = masks.AddOrUpdate(key, fresh, (_, existing) => existing.Generation >= generation ? existing : fresh);
        if (entry == fresh && masks.Count > MaxMasks)
        {
            EvictLeastRecentlyUsed(fresh);
        }

        try
        {
            return entry.Mask.Value;
        }
        catch
        {
            // Lazy keeps the exception; the calls sharing this build see it, the next one builds again.
            masks.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    private void EvictLeastRecentlyUsed(MaskEntry fresh)
    {
        // Filtered masks go first: they are client-chosen and cheap to lose. Unfiltered ones (one per tenant) only when
        // nothing else is left, so the bound holds however many tenants share the model.
        KeyValuePair<(string Tenant, string Filter), MaskEntry>? oldestFiltered = null;
        KeyValuePair<(string Tenant, string Filter), MaskEntry>? oldestUnfiltered = null;
        foreach (var pair in masks)
        {
            if (pair.Value == fresh)
            {
                continue;
            }

            ref var oldest = ref pair.Key.Filter.Length > 0 ? ref oldestFiltered : ref oldestUnfiltered;
            if (oldest is null || pair.Value.LastUsed < oldest.Value.Value.LastUsed)
            {
                oldest = pair;
            }
        }

        if ((oldestFiltered ?? oldestUnfiltered) is { } victim)
        {
            // Only this entry: a newer one stored under the key since the scan stays.
            masks.TryRemove(victim);
        }
    }

    private sealed class MaskEntry(long generation, Lazy<ExcludeMask> mask, long lastUsed)
    {
        private long lastUsed = lastUsed;

        public long Generation { get; } = generation;

        public Lazy<ExcludeMask> Mask { get; } = mask;

        public long LastUsed => Volatile.Read(ref lastUsed);

        // Skips the write when the stamp is current, so a hot mask's cache line is written once per miss, not per hit.
        public void Touch(long now)
        {
            if (Volatile.Read(ref lastUsed) != now)
            {
                Volatile.Write(ref lastUsed, now);
            }
        }
    }
}
