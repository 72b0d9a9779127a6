using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// An event batch as a Redis stream entry (cluster mode): the log record's payload in three fields, so the append
/// script can drop duplicates without decoding anything. <c>h</c> is the payload's start (kind, tenant, receive time),
/// <c>n</c> the count of events kept, <c>e</c> those events back to back, each in the log's event layout
/// (docs/architecture.md, "Event log"). Joined as <c>h | varint(n) | e</c> they are exactly a kind 0x01 payload.
/// </summary>
public static class StreamEntryCodec
{
    /// <summary>The payload's start for <paramref name="batch"/>: the <c>h</c> field.</summary>
    public static byte[] EncodeHeader(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bytes = new byte[LogRecordCodec.HeaderSize(batch.Tenant)];
        LogRecordCodec.WriteHeader(bytes, batch.Tenant, batch.ReceivedAtMicros);
        return bytes;
    }

    /// <summary>One event in the log's layout; the append script concatenates those it keeps into <c>e</c>.</summary>
    public static byte[] EncodeEvent(in TrackedEvent e)
    {
        var size = LogRecordCodec.EventSize(e);
        if (size > LogFormat.MaxPayloadBytes)
        {
            throw NeuronException.InvalidArgument("events", $"an event encodes to {size} bytes, more than the log's {LogFormat.MaxPayloadBytes}-byte record limit");
        }

        var bytes = new byte[size];
        LogRecordCodec.WriteEvent(bytes, e);
        return bytes;
    }

    /// <summary>Decodes an entry's three fields; DataLoss when they do not make a well-formed payload.</summary>
    public static EventBatch Decode(ReadOnlySpan<byte> header, int count, ReadOnlySpan<byte> events)
    {
        if (count < 0)
        {
            throw NeuronException.DataLoss($"malformed stream entry: event count {count}");
        }

        var countSize = LogRecordCodec.VarintSize((uint)count);
        var payload = new byte[header.Length + countSize + events.Length];
        header.CopyTo(payload);
        LogRecordCodec.WriteVarint(payload.AsSpan(header.Length), (uint)count);
        events.CopyTo(payload.AsSpan(header.Length + countSize));
        return LogRecordCodec.ReadPayload(payload) ?? throw NeuronException.DataLoss("malformed stream entry: not an event batch");
    }
}
