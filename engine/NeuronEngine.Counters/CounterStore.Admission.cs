using System.Globalization;
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

    /// <summary>Per tenant and type, the tags reserved but not yet counted, with how many reserved batches hold each. Writer thread only.</summary>
    private readonly Dictionary<(string Tenant, string Type), Dictionary<string, int>> reservedTags = [];

    /// <summary>The batch's (type, tag) pairs its tenant has not counted; reused like <see cref="batchTypes"/>.</summary>
    private readonly HashSet<(string Type, string Tag)> batchTags = [];

    /// <summary>The batch's distinct (type, tag) pairs while it is released; reused like <see cref="batchTypes"/>.</summary>
    private readonly HashSet<(string Type, string Tag)> releasingTags = [];

    /// <summary>Per type, how many of <see cref="batchTags"/> are not reserved yet; reused like <see cref="batchTypes"/>.</summary>
    private readonly Dictionary<string, int> addedTags = new(StringComparer.Ordinal);

    /// <summary>
    /// Checks, before <paramref name="batch"/> is written to the log, that <see cref="Apply"/> can apply it after every
    /// batch reserved before it, and reserves the new event types (and tags) it adds. Writer thread only, in log order. Each
    /// reserved batch is later passed to <see cref="Release"/>: after its <see cref="Apply"/> when it was written, alone
    /// when it was not.
    /// </summary>
    /// <remarks>
    /// So every record the log accepts can be replayed: <see cref="Apply"/> then meets the same state as here (the
    /// batches before it, in log order), with at most the types reserved here, and keys no longer than checked here.
    /// </remarks>
    /// <param name="batch">The batch, after deduplication.</param>
    /// <param name="tagsPerType">
    /// How many distinct tags (<c>name:value</c>) one event type of a tenant may have counted (the per-type tag counts
    /// are kept in memory and in every checkpoint); the default is no limit. Like the type limit, it is enforced here
    /// only, so records accepted under a higher one still replay.
    /// </param>
    /// <exception cref="NeuronException">ResourceExhausted when the tenant would have more than
    /// <see cref="CounterOptions.MaxEventTypesPerTenant"/> event types, or a type more tags than
    /// <paramref name="tagsPerType"/> allows; InvalidArgument when a tenant or id is too long for a key. Nothing is
    /// reserved then.</exception>
    public void Reserve(EventBatch batch, CountLimit tagsPerType = default)
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
        var tags = tagsPerType.IsSet && CollectUncountedTags(batch);
        if (tags)
        {
            CheckTags(tenant, tagsPerType);
        }

        if (batchTypes.Count > 0)
        {
            ReserveTypes(tenant);
        }

        if (tags)
        {
            ReserveTags(tenant);
        }
    }

    /// <summary>Checks and reserves <see cref="batchTypes"/>; throws before reserving anything.</summary>
    private void ReserveTypes(string tenant)
    {
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

    /// <summary>
    /// Throws when a type of the batch would pass <paramref name="limit"/> with <see cref="batchTags"/>: its counted tags
    /// plus those reserved by batches admitted before it plus the batch's new ones.
    /// </summary>
    private void CheckTags(string tenant, CountLimit limit)
    {
        addedTags.Clear();
        foreach (var (type, tag) in batchTags)
        {
            if (!reservedTags.TryGetValue((tenant, type), out var reserved) || !reserved.ContainsKey(tag))
            {
                addedTags[type] = addedTags.GetValueOrDefault(type) + 1;
            }
        }

        tenants.TryGetValue(tenant, out var state);
        foreach (var (type, added) in addedTags)
        {
            var counted = state is not null && state.Types.TryGetOrdinal(type, out var ordinal) ? state.TagsPerType.GetValueOrDefault(ordinal) : 0;
            var have = counted + (reservedTags.TryGetValue((tenant, type), out var reserved) ? reserved.Count : 0);
            if (!limit.Allows(have, added))
            {
                throw limit.Reached(tenant, string.Create(CultureInfo.InvariantCulture,
                    $"event type \"{type}\" has {have} distinct tags and the batch adds {added} new one(s); tags are for a few values (surface:home), not ids"));
            }
        }
    }

    private void ReserveTags(string tenant)
    {
        foreach (var (type, tag) in batchTags)
        {
            if (!reservedTags.TryGetValue((tenant, type), out var reserved))
            {
                reserved = new Dictionary<string, int>(StringComparer.Ordinal);
                reservedTags[(tenant, type)] = reserved;
            }

            reserved[tag] = reserved.GetValueOrDefault(tag) + 1;
        }
    }

    /// <summary>Ends <paramref name="batch"/>'s reservation (see <see cref="Reserve"/>). Writer thread only.</summary>
    public void Release(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (reservedTags.Count > 0)
        {
            ReleaseTags(batch);
        }

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

    /// <summary>Ends the batch's tag reservations; as for types, a tag it did not reserve was counted when it was reserved.</summary>
    private void ReleaseTags(EventBatch batch)
    {
        // Once per distinct pair, as Reserve counted it: a tag on several events of the batch is one reservation.
        releasingTags.Clear();
        foreach (var e in batch.Events)
        {
            foreach (var tag in e.Tags)
            {
                if (!releasingTags.Add((e.Type, tag))
                    || !reservedTags.TryGetValue((batch.Tenant, e.Type), out var reserved) || !reserved.TryGetValue(tag, out var count))
                {
                    continue;
                }

                if (count == 1)
                {
                    reserved.Remove(tag);
                    if (reserved.Count == 0)
                    {
                        reservedTags.Remove((batch.Tenant, e.Type));
                    }
                }
                else
                {
                    reserved[tag] = count - 1;
                }
            }
        }
    }

    /// <summary>
    /// Collects into <see cref="batchTags"/> the batch's (type, tag) pairs its tenant has not counted; false when there
    /// are none (the common batch: no tags, or only known ones).
    /// </summary>
    private bool CollectUncountedTags(EventBatch batch)
    {
        batchTags.Clear();
        tenants.TryGetValue(batch.Tenant, out var state);
        foreach (var e in batch.Events)
        {
            if (e.Tags.Length == 0)
            {
                continue;
            }

            var known = state is not null && state.Types.TryGetOrdinal(e.Type, out var ordinal) ? ordinal : -1;
            foreach (var tag in e.Tags)
            {
                // The writer alone changes the counts, and this runs on the writer: no lock needed to read them.
                if (known < 0 || !state!.TypeTagCounts.ContainsKey((known, tag)))
                {
                    batchTags.Add((e.Type, tag));
                }
            }
        }

        return batchTags.Count > 0;
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
