using NeuronEngine.EventLog;

namespace NeuronEngine.Counters.Tests.Support;

/// <summary>Builders for events and batches.</summary>
public static class Events
{
    public const long Hour = 3_600_000_000;

    public static TrackedEvent Ev(string user, string item, string type = "click", byte weight = 1, long ts = 1_000, string? id = null, params string[] tags)
        => new(id, user, item, type, weight, ts, tags);

    public static EventBatch Batch(string tenant, long receivedAt, params TrackedEvent[] events) => new(tenant, receivedAt, events);

    public static EventBatch Batch(params TrackedEvent[] events) => new("t1", 1_000_000, events);
}
