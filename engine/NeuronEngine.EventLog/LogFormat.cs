using System.Buffers.Binary;
using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>Constants and segment-header handling of log format v1 (docs/architecture.md, "Event log").</summary>
internal static class LogFormat
{
    public const uint Version = 1;
    public const int SegmentHeaderSize = 32;
    public const int RecordHeaderSize = 8;

    /// <summary>The largest record payload a v1 reader accepts, in bytes; anything larger is treated as damage.</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The most bytes a record group holds after its header: a group stops taking batches once it passes
    /// <see cref="EventLogOptions.MaxGroupBytes"/> (at most <see cref="MaxPayloadBytes"/>), so it can exceed that by one record.
    /// </summary>
    public const int MaxGroupBodyBytes = (2 * MaxPayloadBytes) + (2 * RecordHeaderSize);

    public const byte KindEventBatch = 0x01;

    /// <summary>Kinds from here up may be skipped by readers that do not know them; kinds below must be understood.</summary>
    public const byte FirstSkippableKind = 0x80;

    /// <summary>The record that starts every group the writer writes (<see cref="GroupHeader"/>); skippable.</summary>
    public const byte KindGroupHeader = 0x80;

    public const string SegmentExtension = ".seg";

    /// <summary>"NEURONLG" in ASCII.</summary>
    public static ReadOnlySpan<byte> Magic => "NEURONLG"u8;

    public static string SegmentFileName(long baseOffset) =>
        baseOffset.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension;

    public static void WriteSegmentHeader(Span<byte> destination, long baseOffset)
    {
        destination[..SegmentHeaderSize].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], SegmentHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], baseOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Crc32C.Compute(destination[..24]));
    }

    /// <summary>Whether <paramref name="header"/> has the segment magic and a matching header CRC, whatever its version.</summary>
    public static bool IsSegmentHeader(ReadOnlySpan<byte> header) =>
        header[..8].SequenceEqual(Magic) && BinaryPrimitives.ReadUInt32LittleEndian(header[24..]) == Crc32C.Compute(header[..24]);

    /// <summary>Checks a segment header against the file it came from; throws when this reader must not go on.</summary>
    public static void ValidateSegmentHeader(ReadOnlySpan<byte> header, long expectedBase, string path)
    {
        if (!header[..8].SequenceEqual(Magic))
        {
            throw NeuronException.DataLoss($"event log segment \"{path}\" does not start with the segment magic: not an event log segment, or its header is damaged");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
        {
            throw NeuronException.FailedPrecondition($"event log segment \"{path}\" has format version {version}; this build reads only version {Version}");
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        if (size != SegmentHeaderSize || crc != Crc32C.Compute(header[..24]))
        {
            throw NeuronException.DataLoss($"event log segment \"{path}\" has a damaged header (byte offset 0)");
        }

        var baseOffset = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        if (baseOffset != expectedBase)
        {
            throw NeuronException.DataLoss($"event log segment \"{path}\" says it starts at log position {baseOffset}, but its name says {expectedBase}");
        }
    }
}
