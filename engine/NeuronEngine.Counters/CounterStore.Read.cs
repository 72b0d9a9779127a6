using System.Buffers;
using FASTER.core;
using NeuronEngine.Counters.State;
using NeuronEngine.Counters.Storage;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>The tenants with applied events, in ordinal order, at most <paramref name="limit"/> of them. Any thread.</summary>
    public IReadOnlyList<string> ListTenants(int limit)
    {
        _ = Store;
        return [.. tenants.Keys.Order(StringComparer.Ordinal).Take(limit)];
    }

    /// <summary>The tenant's aggregate counters; <see cref="TenantStats.Empty"/> for a tenant with no events. Any thread.</summary>
    public TenantStats GetStats(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _ = Store;
        if (!tenants.TryGetValue(tenant, out var state))
        {
            return TenantStats.Empty;
        }

        lock (state.Sync)
        {
            var byType = new Dictionary<string, long>(state.TypeCounts.Count, StringComparer.Ordinal);
            foreach (var (type, count) in state.TypeCounts)
            {
                byType[TypeName(state, type)] = count;
            }

            var byTag = new Dictionary<TypeTag, long>(state.TypeTagCounts.Count);
            foreach (var ((type, tag), count) in state.TypeTagCounts)
            {
                byTag[new TypeTag(TypeName(state, type), tag)] = count;
            }

            return new TenantStats(state.TotalEvents, byType, byTag, state.DistinctUsers, state.DistinctItems);
        }
    }

    /// <summary>
    /// Copies the user's most recent interactions, newest first, into <paramref name="destination"/> and
    /// returns how many were written (0 for an unknown user). Any thread.
    /// </summary>
    public int GetHistory(string tenant, string userId, Span<HistoryEntry> destination)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(userId);
        var store = Store;
        if (!tenants.TryGetValue(tenant, out var state) || destination.IsEmpty)
        {
            return 0;
        }

        Span<byte> keyBuffer = stackalloc byte[CounterKeys.MaxKeyBytes];
        var key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.User(keyBuffer, tenant, userId)]);
        var input = CounterInput.ForRead(CounterOp.History);
        var rented = ArrayPool<byte>.Shared.Rent(HistoryValue.PayloadLength(options.HistoryLength));
        var output = new CounterOutput { Buffer = rented };
        var session = store.RentReader();
        try
        {
            if (!FasterStore.Read(session, ref key, ref input, ref output))
            {
                return 0;
            }
        }
        finally
        {
            store.ReturnReader(session);
        }

        try
        {
            var entries = HistoryValue.Entries(output.Buffer.AsSpan(0, output.Length));
            var written = Math.Min(entries.Length, destination.Length);
            for (var i = 0; i < written; i++)
            {
                var record = entries[entries.Length - 1 - i];
                destination[i] = new HistoryEntry(
                    record.ItemOrdinal,
                    state.Items.NameOf(record.ItemOrdinal) ?? string.Empty,
                    TypeName(state, record.TypeOrdinal),
                    record.Weight,
                    record.TimestampMicros);
            }

            return written;
        }
        finally
        {
            // The reader swaps in its own array only for a value longer than configured (history length lowered).
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The user's most recent interactions, newest first, at most <paramref name="maxCount"/>. Any thread.</summary>
    public IReadOnlyList<HistoryEntry> GetHistory(string tenant, string userId, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var buffer = new HistoryEntry[Math.Min(maxCount, options.HistoryLength)];
        var count = GetHistory(tenant, userId, buffer);
        return count == buffer.Length ? buffer : buffer[..count];
    }

    /// <summary>The item's counters, or null when it has no events. Any thread.</summary>
    public ItemCounter? GetItem(string tenant, string itemId)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(itemId);
        var store = Store;
        if (!tenants.TryGetValue(tenant, out var state) || !state.Items.TryGetOrdinal(itemId, out var ordinal))
        {
            return null;
        }

        var output = default(CounterOutput);
        var session = store.RentReader();
        try
        {
            return ReadItem(session, tenant, ordinal, ref output) ? new ItemCounter(ordinal, output.First, output.Second) : null;
        }
        finally
        {
            store.ReturnReader(session);
        }
    }

    /// <summary>
    /// The tenant's items with the highest weighted counts, best first (ties: first-seen item first), at most
    /// <paramref name="count"/> and at most <see cref="CounterOptions.PopularK"/>. Any thread.
    /// </summary>
    public IReadOnlyList<PopularItem> GetPopular(string tenant, int count)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _ = Store;
        if (!tenants.TryGetValue(tenant, out var state))
        {
            return [];
        }

        TopK.Entry[] top;
        lock (state.Sync)
        {
            top = state.Popular.Top(count);
        }

        return Array.ConvertAll(top, e => new PopularItem(state.Items.NameOf(e.ItemOrdinal) ?? string.Empty, e.ItemOrdinal, e.WeightedCount, e.EventCount));
    }

    /// <summary>The item's ordinal (the index the serving side maps to model vocabularies), if it has events. Any thread.</summary>
    public bool TryGetItemOrdinal(string tenant, string itemId, out int ordinal)
    {
        ordinal = -1;
        return tenants.TryGetValue(tenant, out var state) && state.Items.TryGetOrdinal(itemId, out ordinal);
    }

    /// <summary>The item id for an ordinal, or null when unknown. Any thread.</summary>
    public string? GetItemId(string tenant, int ordinal)
        => tenants.TryGetValue(tenant, out var state) ? state.Items.NameOf(ordinal) : null;

    private static bool ReadItem(CounterSession session, string tenant, int ordinal, ref CounterOutput output)
    {
        Span<byte> keyBuffer = stackalloc byte[CounterKeys.MaxKeyBytes];
        var key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.Item(keyBuffer, tenant, ordinal)]);
        var input = CounterInput.ForRead(CounterOp.Item);
        return FasterStore.Read(session, ref key, ref input, ref output);
    }

    private static string TypeName(TenantState state, int ordinal) => state.Types.NameOf(ordinal) ?? string.Empty;
}
