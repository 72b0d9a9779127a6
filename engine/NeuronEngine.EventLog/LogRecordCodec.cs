using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// Encodes and decodes log format v1 records (docs/architecture.md, "Event log"). A record is
/// <c>length u32 LE | crc32c u32 LE | payload</c>; the CRC covers the four length bytes then the payload.
/// </summary>
/// <remarks>
/// Encoding measures the payload first so it can be written straight into one span of the destination with no
/// intermediate copy; it allocates nothing.
/// </remarks>
internal static partial class LogRecordCodec
{
    private const byte FlagHasEventId = 0x01;

    /// <summary>The exact payload size <see cref="WritePayload"/> will produce, in bytes.</summary>
    public static int GetPayloadSize(EventBatch batch)
    {
        long size = HeaderSize(batch.Tenant) + VarintSize((uint)batch.Events.Length);
        foreach (ref readonly var e in batch.Events.AsSpan())
        {
            size += EventSize(e);
        }

        if (size > LogFormat.MaxPayloadBytes)
        {
            throw NeuronException.InvalidArgument("events", $"the batch encodes to {size} bytes, more than the log's {LogFormat.MaxPayloadBytes}-byte record limit");
        }

        return (int)size;
    }

    /// <summary>Writes a whole framed record (header and payload) and returns its size in bytes.</summary>
    public static int WriteRecord(EventBatch batch, IBufferWriter<byte> destination)
    {
        var payloadSize = GetPayloadSize(batch);
        var total = LogFormat.RecordHeaderSize + payloadSize;
        var span = destination.GetSpan(total)[..total];
        WritePayload(batch, span[LogFormat.RecordHeaderSize..]);
        WriteRecordHeader(span);
        destination.Advance(total);
        return total;
    }

    /// <summary>Fills in the 8-byte header of a record whose payload already follows it in <paramref name="record"/>.</summary>
    public static void WriteRecordHeader(Span<byte> record)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(record.Length - LogFormat.RecordHeaderSize));
        var crc = Crc32C.Append(Crc32C.Seed, record[..4]);
        crc = Crc32C.Append(crc, record[LogFormat.RecordHeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Finish(crc));
    }

    /// <summary>Writes the payload into <paramref name="destination"/>, which must hold <see cref="GetPayloadSize"/> bytes.</summary>
    public static int WritePayload(EventBatch batch, Span<byte> destination)
    {
        var w = WriteHeader(destination, batch.Tenant, batch.ReceivedAtMicros);
        w += WriteVarint(destination[w..], (uint)batch.Events.Length);
        foreach (ref readonly var e in batch.Events.AsSpan())
        {
            w += WriteEvent(destination[w..], e);
        }

        return w;
    }

    /// <summary>The size of the payload's start: kind, tenant and receive time (the event count follows it).</summary>
    internal static long HeaderSize(string tenant) => 1 + StringSize(tenant) + 8;

    /// <summary>Writes the payload's start: kind, tenant and receive time.</summary>
    internal static int WriteHeader(Span<byte> destination, string tenant, long receivedAtMicros)
    {
        var w = 0;
        destination[w++] = LogFormat.KindEventBatch;
        w += WriteString(destination[w..], tenant);
        BinaryPrimitives.WriteInt64LittleEndian(destination[w..], receivedAtMicros);
        return w + 8;
    }

    /// <summary>The size of one event in the payload's layout.</summary>
    internal static long EventSize(in TrackedEvent e)
    {
        long size = 1 + 1 + 8;
        if (e.EventId is not null)
        {
            size += StringSize(e.EventId);
        }

        size += StringSize(e.UserId) + StringSize(e.ItemId) + StringSize(e.Type);
        var tags = e.Tags ?? [];
        size += VarintSize((uint)tags.Length);
        foreach (var tag in tags)
        {
            size += StringSize(tag);
        }

        return size;
    }

    /// <summary>Writes one event in the payload's layout; events follow each other with no separator.</summary>
    internal static int WriteEvent(Span<byte> destination, in TrackedEvent e)
    {
        var w = 0;
        destination[w++] = e.EventId is null ? (byte)0 : FlagHasEventId;
        if (e.EventId is not null)
        {
            w += WriteString(destination[w..], e.EventId);
        }

        w += WriteString(destination[w..], e.UserId);
        w += WriteString(destination[w..], e.ItemId);
        w += WriteString(destination[w..], e.Type);
        destination[w++] = e.Weight;
        BinaryPrimitives.WriteInt64LittleEndian(destination[w..], e.TimestampMicros);
        w += 8;
        var tags = e.Tags ?? [];
        w += WriteVarint(destination[w..], (uint)tags.Length);
        foreach (var tag in tags)
        {
            w += WriteString(destination[w..], tag);
        }

        return w;
    }

    internal static int VarintSize(uint value) => value switch
    {
        < 1u << 7 => 1,
        < 1u << 14 => 2,
        < 1u << 21 => 3,
        < 1u << 28 => 4,
        _ => 5,
    };

    internal static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static long StringSize(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarintSize((uint)bytes) + bytes;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        // Ids are short: when even the worst case (3 bytes per UTF-16 unit) fits a one-byte length, encode first and
        // fill the length in after, which saves a second pass over the string.
        if (value.Length <= 42)
        {
            var written = Encoding.UTF8.GetBytes(value, destination[1..]);
            destination[0] = (byte)written;
            return 1 + written;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        var prefix = WriteVarint(destination, (uint)count);
        return prefix + Encoding.UTF8.GetBytes(value, destination[prefix..]);
    }
}
