using NeuronEngine.Core;
using NeuronEngine.Counters.Storage;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>Per tenant, the types reserved but not yet interned, with how many reserved batches hold each. Writer thread only.</summary>
    private readonly Dictionary<string, Dictionary<string, int>> reservedTypes = new(StringComparer.Ordinal);

    /// <summary>The distinct types of the batch being reserved or released; reused, as the writer side is single-threaded.</summary>
    private readonly HashSet<string> batchTypes = new(StringComparer.Ordinal);

    /// <summary>
    /// Checks, before <paramref name="batch"/> is written to the log, that <see cref="Apply"/> can apply it after every
    /// batch reserved before it, and reserves the new event types it adds. Writer thread only, in log order. Each
    /// reserved batch is later passed to <see cref="Release"/>: after its <see cref="Apply"/> when it was written, alone
    /// when it was not.
    /// </summary>
    /// <remarks>
    /// So every record the log accepts can be replayed: <see cref="Apply"/> then meets the same state as here (the
    /// batches before it, in log order), with at most the types reserved here, and keys no longer than checked here.
    /// </remarks>
    /// <exception cref="NeuronException">ResourceExhausted when the tenant would have more than
    /// <see cref="CounterOptions.MaxEventTypesPerTenant"/> event types; InvalidArgument when a tenant or id is too long
    /// for a key. Nothing is reserved then.</exception>
    public void Reserve(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tenant = batch.Tenant;
        var events = batch.Events;
        // The boundary (FieldRules) keeps ids and tenants far shorter; this guards callers that skip it.
        foreach (var e in events)
        {
            if (!CounterKeys.Fits(tenant, e.UserId))
            {
                NeuronException.ThrowInvalidArgument("user_id", $"with tenant \"{tenant}\" is longer than a counter key allows ({CounterKeys.MaxKeyBytes} bytes)");
            }

            if (e.EventId is { } eventId && !CounterKeys.Fits(tenant, eventId))
            {
                NeuronException.ThrowInvalidArgument("event_id", $"with tenant \"{tenant}\" is longer than a counter key allows ({CounterKeys.MaxKeyBytes} bytes)");
            }
        }

        CollectUninterned(batch);
        if (batchTypes.Count == 0)
        {
            return;
        }

        reservedTypes.TryGetValue(tenant, out var reserved);
        var added = 0;
        foreach (var type in batchTypes)
        {
            added += reserved is not null && reserved.ContainsKey(type) ? 0 : 1;
        }

        var have = (tenants.TryGetValue(tenant, out var state) ? state.Types.Count : 0) + (reserved?.Count ?? 0);
        if (added > 0 && have + added > options.MaxEventTypesPerTenant)
        {
            throw new NeuronException(
                ErrorKind.ResourceExhausted,
                $"tenant \"{tenant}\" has reached the limit of {options.MaxEventTypesPerTenant} event types (Counters:MaxEventTypesPerTenant); the batch adds {added} new one(s)");
        }

        if (reserved is null)
        {
            reserved = new Dictionary<string, int>(StringComparer.Ordinal);
            reservedTypes[tenant] = reserved;
        }

        foreach (var type in batchTypes)
        {
            reserved[type] = reserved.GetValueOrDefault(type) + 1;
        }
    }

    /// <summary>Ends <paramref name="batch"/>'s reservation (see <see cref="Reserve"/>). Writer thread only.</summary>
    public void Release(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!reservedTypes.TryGetValue(batch.Tenant, out var reserved))
        {
            return;
        }

        batchTypes.Clear();
        foreach (var e in batch.Events)
        {
            batchTypes.Add(e.Type);
        }

        // A type this batch did not reserve was interned when it was reserved, so dropping a count for it is harmless.
        foreach (var type in batchTypes)
        {
            if (reserved.TryGetValue(type, out var count))
            {
                if (count == 1)
                {
                    reserved.Remove(type);
                }
                else
                {
                    reserved[type] = count - 1;
                }
            }
        }

        if (reserved.Count == 0)
        {
            reservedTypes.Remove(batch.Tenant);
        }
    }

    /// <summary>Collects into <see cref="batchTypes"/> the batch's distinct types its tenant has not interned.</summary>
    private void CollectUninterned(EventBatch batch)
    {
        batchTypes.Clear();
        tenants.TryGetValue(batch.Tenant, out var state);
        foreach (var e in batch.Events)
        {
            if (state is null || !state.Types.TryGetOrdinal(e.Type, out _))
            {
                batchTypes.Add(e.Type);
            }
        }
    }
}
