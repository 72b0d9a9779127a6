using System.Buffers.Binary;
using System.Text;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

internal static partial class LogRecordCodec
{
    /// <summary>
    /// Decodes a record payload (the bytes after the 8-byte header, CRC already checked). Returns null for a record
    /// kind this version may skip; throws <see cref="ErrorKind.DataLoss"/> when the payload is malformed and
    /// <see cref="ErrorKind.FailedPrecondition"/> for a kind it must understand but does not.
    /// </summary>
    public static EventBatch? ReadPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw Malformed("empty payload");
        }

        var kind = payload[0];
        if (kind != LogFormat.KindEventBatch)
        {
            return kind >= LogFormat.FirstSkippableKind
                ? null
                : throw NeuronException.FailedPrecondition($"unknown event log record kind 0x{kind:X2}: written by a newer format this build does not read");
        }

        var r = 1;
        var tenant = ReadString(payload, ref r);
        var receivedAt = ReadInt64(payload, ref r);
        var count = ReadVarint(payload, ref r);

        // Every event takes at least 14 bytes, so a count beyond that is damage, not a reason to allocate.
        if (count > (uint)(payload.Length - r) / 14)
        {
            throw Malformed($"event count {count} does not fit the payload");
        }

        var events = count == 0 ? [] : new TrackedEvent[count];
        ReadOnlySpan<byte> lastTypeBytes = default;
        var lastType = string.Empty;
        for (var i = 0; i < events.Length; i++)
        {
            var flags = ReadByte(payload, ref r);
            var eventId = (flags & FlagHasEventId) != 0 ? ReadString(payload, ref r) : null;
            var userId = ReadString(payload, ref r);
            var itemId = ReadString(payload, ref r);

            // A batch nearly always repeats a handful of types; reuse the string instead of decoding it again.
            var typeBytes = ReadStringBytes(payload, ref r);
            if (i == 0 || !typeBytes.SequenceEqual(lastTypeBytes))
            {
                lastType = Encoding.UTF8.GetString(typeBytes);
                lastTypeBytes = typeBytes;
            }

            var weight = ReadByte(payload, ref r);
            var timestamp = ReadInt64(payload, ref r);
            var tagCount = ReadVarint(payload, ref r);
            if (tagCount > (uint)(payload.Length - r))
            {
                throw Malformed($"tag count {tagCount} does not fit the payload");
            }

            var tags = tagCount == 0 ? [] : new string[tagCount];
            for (var t = 0; t < tags.Length; t++)
            {
                tags[t] = ReadString(payload, ref r);
            }

            events[i] = new TrackedEvent(eventId, userId, itemId, lastType, weight, timestamp, tags);
        }

        if (r != payload.Length)
        {
            throw Malformed($"{payload.Length - r} unexpected bytes after the last event");
        }

        return new EventBatch(tenant, receivedAt, events);
    }

    private static byte ReadByte(ReadOnlySpan<byte> payload, ref int r) =>
        r < payload.Length ? payload[r++] : throw Malformed("payload ends early");

    private static long ReadInt64(ReadOnlySpan<byte> payload, ref int r)
    {
        if (payload.Length - r < 8)
        {
            throw Malformed("payload ends early");
        }

        var value = BinaryPrimitives.ReadInt64LittleEndian(payload[r..]);
        r += 8;
        return value;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> payload, ref int r)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte(payload, ref r);
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed("varint longer than 5 bytes");
    }

    private static ReadOnlySpan<byte> ReadStringBytes(ReadOnlySpan<byte> payload, scoped ref int r)
    {
        var length = ReadVarint(payload, ref r);
        if (length > (uint)(payload.Length - r))
        {
            throw Malformed($"string of {length} bytes runs past the payload");
        }

        var bytes = payload.Slice(r, (int)length);
        r += (int)length;
        return bytes;
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int r) => Encoding.UTF8.GetString(ReadStringBytes(payload, ref r));

    private static NeuronException Malformed(string what) => NeuronException.DataLoss("malformed event log record payload: " + what);
}
