using System.Buffers;
using System.Buffers.Binary;

namespace NeuronEngine.EventLog;

internal sealed partial class SegmentScanner
{
    private enum RecordProbe
    {
        Empty,
        ShortHeader,
        BadLength,
        ShortPayload,
        BadCrc,
        Good,
    }

    /// <summary>
    /// Checks the record at the start of <paramref name="buffer"/> (length and CRC): the one record check, used both to
    /// read records and to look for a good record after a bad one.
    /// </summary>
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

    private ScanStatus Classify(in ReadOnlySequence<byte> buffer, RecordProbe probe, int payloadLength, bool atEndOfFile)
    {
        if (probe == RecordProbe.Empty)
        {
            return ScanStatus.End;
        }

        Problem = probe switch
        {
            RecordProbe.ShortHeader => $"{buffer.Length} bytes after the last record, too few for a record header",
            RecordProbe.BadLength => $"impossible record length {ReadLength(buffer)}",
            RecordProbe.ShortPayload => $"a record of {payloadLength} payload bytes is cut short: {buffer.Length - LogFormat.RecordHeaderSize} present",
            _ => $"CRC-32C mismatch in a record of {payloadLength} payload bytes",
        };

        if (!atEndOfFile)
        {
            Problem += $"; more than {MaxUnfinishedBytes} unreadable bytes follow, too many for an unfinished write";
            return ScanStatus.Corrupt;
        }

        var good = FindGoodRecord(buffer);
        if (good >= 0)
        {
            Problem += $"; a good record follows at byte offset {RecordOffset + good}";
            return ScanStatus.Corrupt;
        }

        return ScanStatus.Incomplete;
    }

    private static uint ReadLength(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
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
}
