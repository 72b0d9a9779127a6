using System.Collections.Frozen;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Hosting;

namespace NeuronEngine.Engine.Ingest;

/// <summary>
/// Checks a <see cref="TrackRequest"/> at the boundary and turns it into the batch the log stores.
/// The first broken rule is reported with its index and field (<c>events[3].type: unknown event type "clik"</c>);
/// nothing of a batch with a broken rule is stored.
/// </summary>
internal sealed class TrackValidator(IOptions<EngineOptions> options, TimeProvider time)
{
    private readonly EngineOptions options = options.Value;

    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="request">The request as received.</param>
    /// <param name="weights">The tenant's event types and their current weights.</param>
    public EventBatch Validate(string tenant, TrackRequest request, FrozenDictionary<string, byte> weights)
    {
        var events = request.Events;
        if (events.Count == 0)
        {
            NeuronException.ThrowInvalidArgument("events", "must contain at least one event");
        }

        if (events.Count > options.MaxBatchEvents)
        {
            NeuronException.ThrowInvalidArgument("events", $"at most {options.MaxBatchEvents} events per request (got {events.Count})");
        }

        var now = time.GetUtcNow();
        var nowMicros = ToMicros(now);
        var latestMicros = nowMicros + (long)(options.MaxFutureSkew.Ticks / TimeSpan.TicksPerMicrosecond);
        var result = new TrackedEvent[events.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ValidateEvent(i, events[i], weights, nowMicros, latestMicros);
        }

        return new EventBatch(tenant, nowMicros, result);
    }

    private TrackedEvent ValidateEvent(int index, Event e, FrozenDictionary<string, byte> weights, long nowMicros, long latestMicros)
    {
        string? eventId = null;
        if (e.EventId.Length > 0)
        {
            Check(index, "event_id", FieldRules.ValidateId(e.EventId));
            eventId = e.EventId;
        }

        Check(index, "user_id", FieldRules.ValidateId(e.UserId));
        Check(index, "item_id", FieldRules.ValidateId(e.ItemId));
        if (e.Type.Length == 0)
        {
            Fail(index, "type", "must not be empty");
        }

        if (!weights.TryGetValue(e.Type, out var weight))
        {
            Fail(index, "type", $"unknown event type \"{Truncate(e.Type)}\"");
        }

        var timestamp = e.Timestamp is null ? nowMicros : ValidateTimestamp(index, e.Timestamp, latestMicros);
        return new TrackedEvent(eventId, e.UserId, e.ItemId, e.Type, weight, timestamp, ValidateTags(index, e));
    }

    private long ValidateTimestamp(int index, Timestamp timestamp, long latestMicros)
    {
        // Seconds 0 is the Unix epoch; anything earlier, or outside what Timestamp allows, is not a real event time.
        if (timestamp.Seconds < 0 || timestamp.Seconds > 253_402_300_799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            Fail(index, "timestamp", "must be a valid time at or after 1970-01-01T00:00:00Z");
        }

        var micros = (timestamp.Seconds * 1_000_000) + (timestamp.Nanos / 1000);
        if (micros > latestMicros)
        {
            Fail(index, "timestamp", $"is more than {options.MaxFutureSkew} in the future ({timestamp.ToDateTimeOffset():O})");
        }

        return micros;
    }

    private string[] ValidateTags(int index, Event e)
    {
        var tags = e.Tags;
        if (tags.Count == 0)
        {
            return [];
        }

        if (tags.Count > options.MaxTagsPerEvent)
        {
            Fail(index, "tags", $"at most {options.MaxTagsPerEvent} tags per event (got {tags.Count})");
        }

        var result = new string[tags.Count];
        for (var t = 0; t < result.Length; t++)
        {
            var tag = tags[t];
            if (FieldRules.ValidateTag(tag) is { } rule)
            {
                NeuronException.ThrowInvalidArgument($"events[{index}].tags[{t}]", rule);
            }

            if (Array.IndexOf(result, tag, 0, t) >= 0)
            {
                NeuronException.ThrowInvalidArgument($"events[{index}].tags[{t}]", $"duplicate tag \"{tag}\"");
            }

            result[t] = tag;
        }

        return result;
    }

    internal static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static void Check(int index, string field, string? rule)
    {
        if (rule is not null)
        {
            Fail(index, field, rule);
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(int index, string field, string rule) =>
        NeuronException.ThrowInvalidArgument($"events[{index}].{field}", rule);

    private static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 61), "...");
}
