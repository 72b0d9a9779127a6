using System.Collections.Concurrent;

namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    private readonly ConcurrentDictionary<(string Tenant, string Filter), MaskEntry> masks = new();

    /// <summary>
    /// The exclude mask of one tenant's catalog (at <paramref name="generation"/>) and one filter, built once on first
    /// use however many calls ask at the same time. A newer catalog generation replaces the entry; the cache holds at
    /// most about 256 MiB of masks for this model (at least 4) and starts over when full.
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
    public ExcludeMask GetMask<TState>(string tenant, string filter, long generation, Func<TState, ExcludeMask> build, TState state)
    {
        var key = (tenant, filter);
        if (masks.TryGetValue(key, out var entry) && entry.Generation == generation)
        {
            return entry.Mask.Value;
        }

        if (masks.Count >= MaxMasks)
        {
            masks.Clear();
        }

        var fresh = new MaskEntry(generation, new Lazy<ExcludeMask>(() => build(state)));
        return masks.AddOrUpdate(key, fresh, (_, existing) => existing.Generation >= generation ? existing : fresh).Mask.Value;
    }

    private int MaxMasks => (int)Math.Clamp((256L << 20) / Math.Max(1, (long)ItemCount * sizeof(float)), 4, 256);

    private sealed record MaskEntry(long Generation, Lazy<ExcludeMask> Mask);
}
