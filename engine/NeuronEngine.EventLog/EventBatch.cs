namespace NeuronEngine.EventLog;

/// <summary>
/// The unit the log stores as one record: one tenant's accepted events from one <c>Track</c> request.
/// A record is written whole or not at all, which is what makes a batch all-or-nothing.
/// </summary>
public sealed class EventBatch
{
    public EventBatch(string tenant, long receivedAtMicros, TrackedEvent[] events)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(events);
        Tenant = tenant;
        ReceivedAtMicros = receivedAtMicros;
        Events = events;
    }

    /// <summary>The tenant all events belong to.</summary>
    public string Tenant { get; }

    /// <summary>Server time when the batch was received, microseconds since the Unix epoch (UTC). Drives the dedup window.</summary>
    public long ReceivedAtMicros { get; }

    /// <summary>The events, in request order.</summary>
    public TrackedEvent[] Events { get; }
}
