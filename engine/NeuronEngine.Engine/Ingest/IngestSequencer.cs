using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Ingest;

/// <summary>
/// Keeps deduplication and counters in exact agreement with the log: it runs on the log writer's single
/// group-commit loop, dropping events whose <c>event_id</c> was already stored before they are written, refusing a
/// batch the counters could not apply (<see cref="CounterStore.Reserve"/>), and applying each written batch to the
/// counters once it is durable, in log order.
/// </summary>
/// <remarks>
/// <see cref="pending"/> holds the ids admitted into the group being written: the counters only learn them in
/// <see cref="Applied"/>, and a retry may arrive in the same group as its original.
/// </remarks>
internal sealed class IngestSequencer(CounterStore counters, IngestMetrics? metrics = null, IOptions<LimitsOptions>? limits = null) : IAppendSequencer
{
    private readonly HashSet<(string Tenant, string EventId)> pending = [];

    /// <summary><see cref="LimitsOptions.MaxTagValuesPerType"/>, checked against the counters' per-type tag counts.</summary>
    private readonly CountLimit tagsPerType = limits?.Value.TagValuesPerType ?? default;

    /// <summary>Ids admitted from the batch being decided; reused, since every hook runs on the log's one loop thread.</summary>
    private readonly HashSet<string> batchIds = new(StringComparer.Ordinal);

    /// <remarks>
    /// All-or-nothing: the batch's ids join <see cref="pending"/> only after every event was decided, so a counters
    /// failure part-way leaves no id reserved for a batch that is then not written.
    /// </remarks>
    public EventBatch? Admit(EventBatch batch)
    {
        var events = batch.Events;
        TrackedEvent[]? kept = null;
        var count = 0;
        batchIds.Clear();
        for (var i = 0; i < events.Length; i++)
        {
            if (IsDuplicate(batch, events[i].EventId))
            {
                // The common batch has no duplicate and is never copied.
                if (kept is null)
                {
                    kept = new TrackedEvent[events.Length - 1];
                    Array.Copy(events, kept, i);
                }

                continue;
            }

            if (kept is not null)
            {
                kept[count] = events[i];
            }

            count++;
        }

        var admitted = kept is null ? batch : count == 0 ? null : new EventBatch(batch.Tenant, batch.ReceivedAtMicros, kept[..count]);

        // Last of the checks that can refuse: a batch the counters could not apply is never written, so replay never
        // meets one. It throws before any id is reserved.
        if (admitted is not null)
        {
            counters.Reserve(admitted, tagsPerType);
        }

        foreach (var id in batchIds)
        {
            pending.Add((batch.Tenant, id));
        }

        metrics?.Admitted(batch.Tenant, count, events.Length - count);
        return admitted;
    }

    private bool IsDuplicate(EventBatch batch, string? eventId)
    {
        if (eventId is null)
        {
            return false;
        }

        if (batchIds.Contains(eventId) || pending.Contains((batch.Tenant, eventId)) || counters.IsDuplicate(batch.Tenant, eventId, batch.ReceivedAtMicros))
        {
            return true;
        }

        batchIds.Add(eventId);
        return false;
    }

    public void Applied(EventBatch batch, LogPosition position, LogPosition next)
    {
        counters.Apply(batch, next);
        counters.Release(batch);
        Release(batch);
        metrics?.Applied(batch.Tenant, batch.Events.Length);
    }

    public void Aborted(IReadOnlyList<EventBatch> batches)
    {
        metrics?.Aborted();
        foreach (var batch in batches)
        {
            counters.Release(batch);
            Release(batch);
        }
    }

    private void Release(EventBatch batch)
    {
        foreach (var e in batch.Events)
        {
            if (e.EventId is { } id)
            {
                pending.Remove((batch.Tenant, id));
            }
        }
    }
}
