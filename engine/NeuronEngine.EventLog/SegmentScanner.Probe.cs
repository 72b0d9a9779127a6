using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace NeuronEngine.EventLog;

internal sealed partial class SegmentScanner
{
    /// <summary>More unreadable bytes than one group of records can span cannot be an unfinished write (records outside groups).</summary>
    private const long MaxUnfinishedBytes = LogFormat.MaxGroupBodyBytes + GroupHeader.RecordSize;

    private enum RecordProbe
    {
        Empty,
        ShortHeader,
        BadLength,
        ShortPayload,
        BadCrc,
        Good,
    }

    /// <summary>Checks the record at the start of <paramref name="buffer"/> (length and CRC): the one record check.</summary>
    private static RecordProbe Probe(in ReadOnlySequence<byte> buffer, out int payloadLength)
    {
        payloadLength = 0;
        if (buffer.Length < LogFormat.RecordHeaderSize)
        {
            return buffer.IsEmpty ? RecordProbe.Empty : RecordProbe.ShortHeader;
        }

        Span<byte> header = stackalloc byte[LogFormat.RecordHeaderSize];
        buffer.Slice(0, LogFormat.RecordHeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length is 0 or > LogFormat.MaxPayloadBytes)
        {
            return RecordProbe.BadLength;
        }

        payloadLength = (int)length;
        if (buffer.Length < LogFormat.RecordHeaderSize + payloadLength)
        {
            return RecordProbe.ShortPayload;
        }

        var crc = Crc32C.Append(Crc32C.Seed, header[..4]);
        crc = Crc32C.Append(crc, buffer.Slice(LogFormat.RecordHeaderSize, payloadLength));
        return Crc32C.Finish(crc) == BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) ? RecordProbe.Good : RecordProbe.BadCrc;
    }

    private static string Describe(in ReadOnlySequence<byte> buffer, RecordProbe probe, int payloadLength) => probe switch
    {
        RecordProbe.ShortHeader => $"{buffer.Length} bytes after the last record, too few for a record header",
        RecordProbe.BadLength => $"impossible record length {ReadLength(buffer)}",
        RecordProbe.ShortPayload => $"a record of {payloadLength} payload bytes is cut short: {buffer.Length - LogFormat.RecordHeaderSize} present",
        _ => $"CRC-32C mismatch in a record of {payloadLength} payload bytes",
    };

    private static uint ReadLength(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    /// <summary>
    /// Decides what the bad bytes at <see cref="RecordOffset"/> are, reading every group header from there to the end
    /// of the file: if one says the log was fsynced past them, they were durable and are now damaged (corruption);
    /// otherwise they may be writes a power loss or crash cut short, whatever good records follow them. Records that
    /// predate group headers (good records outside groups, and no group header, before the bad bytes in the segment)
    /// keep the rule they were written under: any good record or group after the bad bytes, or more bad bytes than
    /// one unfinished write can leave, makes them corruption.
    /// </summary>
    /// <param name="result">The read whose buffer starts at <see cref="RecordOffset"/>.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    private async ValueTask<ScanStatus> ClassifyAsync(ReadResult result, CancellationToken cancellationToken)
    {
        var damage = Segment.PositionOf(RecordOffset);
        var start = RecordOffset;
        var witness = -1L;
        var legacy = fromFirstRecord && sawLooseRecord && !sawGroupHeader;
        var legacyGood = -1L;
        GroupsAfter = 1;
        while (true)
        {
            var buffer = result.Buffer;
            if (legacy && legacyGood < 0 && (result.IsCompleted || buffer.Length > MaxUnfinishedBytes))
            {
                if (buffer.Length > MaxUnfinishedBytes)
                {
                    Problem += $"; more than {MaxUnfinishedBytes} unreadable bytes follow records written before group headers, too many for an unfinished write";
                    reader.AdvanceTo(buffer.End);
                    return ScanStatus.Corrupt;
                }

                var good = FindGoodRecord(buffer);
                legacyGood = good < 0 ? long.MaxValue : RecordOffset + good;
            }

            if (legacy && legacyGood < 0)
            {
                // Keep the whole rest of the file (at most one group's worth) to look for a good record in it.
                reader.AdvanceTo(buffer.Start, buffer.End);
                result = await reader.ReadAsync(cancellationToken);
                continue;
            }

            var searched = FindGroupHeaders(buffer, start, ref witness);
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                break;
            }

            reader.AdvanceTo(buffer.GetPosition(searched), buffer.End);
            start += searched;
            result = await reader.ReadAsync(cancellationToken);
        }

        if (SyncedThrough > damage)
        {
            Problem += $"; the group header at byte offset {witness} says the log was fsynced through log position {SyncedThrough}";
            return ScanStatus.Corrupt;
        }

        if (legacy && legacyGood != long.MaxValue)
        {
            Problem += $"; a good record follows at byte offset {legacyGood}, after records written before group headers";
            return ScanStatus.Corrupt;
        }

        return ScanStatus.Incomplete;
    }

    /// <summary>The offset of the first good record that starts after offset 0 of <paramref name="buffer"/>, or -1.</summary>
    private static long FindGoodRecord(in ReadOnlySequence<byte> buffer)
    {
        // One contiguous copy, so trying every offset costs no walk over the pipe's segments.
        var length = (int)buffer.Length;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            buffer.CopyTo(rented);
            for (var p = 1; p + LogFormat.RecordHeaderSize < length; p++)
            {
                if (Probe(new ReadOnlySequence<byte>(rented, p, length - p), out _) == RecordProbe.Good)
                {
                    return p;
                }
            }

            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Finds the good group headers in <paramref name="buffer"/>, which starts at file offset <paramref name="start"/>,
    /// at any byte offset (a header names its own position, so a stray match cannot pass); raises
    /// <see cref="SyncedThrough"/> and counts <see cref="GroupsAfter"/>.
    /// </summary>
    /// <returns>How many bytes from the start hold no header still to check (the rest may start one cut off by the buffer's end).</returns>
    private long FindGroupHeaders(in ReadOnlySequence<byte> buffer, long start, ref long witness)
    {
        var sequence = new SequenceReader<byte>(buffer);
        Span<byte> candidate = stackalloc byte[GroupHeader.RecordSize];

        // A header record starts with its payload length, 25, as a little-endian u32.
        while (sequence.TryAdvanceTo(GroupHeader.PayloadSize, advancePastDelimiter: false))
        {
            if (sequence.Remaining < GroupHeader.RecordSize)
            {
                return sequence.Consumed;
            }

            sequence.TryCopyTo(candidate);
            var at = start + sequence.Consumed;
            if (GroupHeader.TryReadRecord(candidate, Segment.PositionOf(at), out var header))
            {
                // The group the bad bytes start is counted already.
                GroupsAfter += at == RecordOffset ? 0 : 1;
                if (header.SyncedThrough > SyncedThrough)
                {
                    SyncedThrough = header.SyncedThrough;
                    witness = at;
                }

                sequence.Advance(GroupHeader.RecordSize);
            }
            else
            {
                sequence.Advance(1);
            }
        }

        return buffer.Length;
    }
}
