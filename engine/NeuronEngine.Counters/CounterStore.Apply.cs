using FASTER.core;
using NeuronEngine.Core;
using NeuronEngine.Counters.State;
using NeuronEngine.Counters.Storage;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>
    /// Whether <paramref name="eventId"/> was applied for <paramref name="tenant"/> less than
    /// <see cref="CounterOptions.DedupWindow"/> before <paramref name="nowMicros"/> (pass the batch's
    /// <see cref="EventBatch.ReceivedAtMicros"/>). Writer thread only.
    /// </summary>
    /// <remarks>
    /// Only applied batches are consulted: an id admitted in a group that is not yet durable is not seen
    /// here. Such a repeat is still applied once only, because <see cref="Apply"/> deduplicates too.
    /// </remarks>
    public bool IsDuplicate(string tenant, string eventId, long nowMicros)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(eventId);
        var store = Store;
        Span<byte> keyBuffer = stackalloc byte[CounterKeys.MaxKeyBytes];
        var key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.EventId(keyBuffer, tenant, eventId)]);
        var input = CounterInput.ForRead(CounterOp.Dedup);
        var output = default(CounterOutput);
        return FasterStore.Read(store.Writer, ref key, ref input, ref output) && nowMicros - output.First < dedupWindowMicros;
    }

    /// <summary>
    /// Applies a durable batch and sets <see cref="AppliedPosition"/> to <paramref name="next"/>. Writer thread
    /// only, in log order.
    /// </summary>
    /// <remarks>
    /// Each event with an id is first recorded with the batch's receive time. An event whose id was already
    /// recorded less than the dedup window before that time (in an earlier batch or earlier in this one) is
    /// skipped whole: no counter, history or popularity changes, and its id keeps its first receive time.
    /// The decision depends only on logged data, so a replay decides the same way.
    /// A batch <see cref="Reserve"/> accepted (in log order) applies without a throw; if this throws anyway (a storage
    /// failure), the store is partly updated: stop, and recover from the last checkpoint. A lower
    /// <see cref="CounterOptions.MaxEventTypesPerTenant"/> is not enforced here, so records accepted under a higher one
    /// still replay.
    /// </remarks>
    public void Apply(EventBatch batch, LogPosition next)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var store = Store;
        if (next < AppliedPosition)
        {
            NeuronException.ThrowFailedPrecondition($"batch ends at log position {next}, before the applied position {AppliedPosition}");
        }

        var tenant = GetOrAddTenant(batch.Tenant);
        Span<byte> keyBuffer = stackalloc byte[CounterKeys.MaxKeyBytes];
        foreach (var e in batch.Events)
        {
            if (e.EventId is null || RecordEventId(store.Writer, keyBuffer, tenant.Name, e.EventId, batch.ReceivedAtMicros))
            {
                ApplyEvent(store.Writer, keyBuffer, tenant, e);
            }
        }

        Volatile.Write(ref appliedOffset, next.Offset);
    }

    /// <summary>
    /// Cluster mode: applies the batch of entry <paramref name="entryId"/> of event stream <paramref name="stream"/> and
    /// records that entry as the stream's cursor. Writer thread only, in each stream's order; the log position does not
    /// move (there is no file log).
    /// </summary>
    public void ApplyFromStream(EventBatch batch, string stream, string entryId)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entryId);
        Apply(batch, AppliedPosition);
        streamCursors[stream] = entryId;
    }

    private bool RecordEventId(CounterSession session, Span<byte> keyBuffer, string tenant, string eventId, long receivedAtMicros)
    {
        var key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.EventId(keyBuffer, tenant, eventId)]);
        var input = new CounterInput { Op = CounterOp.Dedup, Amount = receivedAtMicros, WindowMicros = dedupWindowMicros };
        var output = default(CounterOutput);
        FasterStore.Rmw(session, ref key, ref input, ref output);
        return !output.Duplicate;
    }

    private void ApplyEvent(CounterSession session, Span<byte> keyBuffer, TenantState tenant, in TrackedEvent e)
    {
        var typeOrdinal = tenant.Types.GetOrAdd(e.Type, out _);
        if (typeOrdinal > HistoryRecord.MaxTypeOrdinal)
        {
            // Unreachable for a batch Reserve accepted (the configured limit is at most this one): a record written
            // without Reserve, by a version before it, or a bug.
            NeuronException.ThrowFailedPrecondition($"tenant {tenant.Name} has more than {HistoryRecord.MaxTypeOrdinal + 1} event types");
        }

        var itemOrdinal = tenant.Items.GetOrAdd(e.ItemId, out var newItem);

        var key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.Item(keyBuffer, tenant.Name, itemOrdinal)]);
        var input = new CounterInput { Op = CounterOp.Item, Amount = e.Weight };
        var item = default(CounterOutput);
        FasterStore.Rmw(session, ref key, ref input, ref item);

        key = SpanByte.FromFixedSpan(keyBuffer[..CounterKeys.User(keyBuffer, tenant.Name, e.UserId)]);
        input = new CounterInput
        {
            Op = CounterOp.History,
            HistoryLength = options.HistoryLength,
            Entry = new HistoryRecord(e.TimestampMicros, itemOrdinal, typeOrdinal, e.Weight),
        };
        var history = default(CounterOutput);
        FasterStore.Rmw(session, ref key, ref input, ref history);

        lock (tenant.Sync)
        {
            tenant.CountEvent(typeOrdinal, e.Tags);
            tenant.DistinctItems += newItem ? 1 : 0;
            tenant.DistinctUsers += history.Created ? 1 : 0;
            tenant.Popular.Update(itemOrdinal, item.First, item.Second);
        }
    }
}
