using System.Buffers.Binary;

namespace NeuronEngine.EventLog;

/// <summary>
/// The record that starts each group of records the writer writes with one <c>pwrite</c>: where the group starts, how
/// long and what CRC-32C its bytes after the header have, and how far the log was known fsynced when it was written.
/// Recovery uses it to tell a group torn by a power loss (past that watermark) from damage to fsynced bytes.
/// </summary>
/// <param name="Position">The log position of this header record, i.e. of the group.</param>
/// <param name="SyncedThrough">Every byte of the log before this position had been fsynced when the group was written.</param>
/// <param name="BodyLength">The group's bytes after this header record: its records, back to back.</param>
/// <param name="BodyCrc">CRC-32C over those bytes.</param>
/// <remarks>
/// Payload (25 bytes): kind <c>0x80</c>, position i64, synced-through i64, body length u32, body CRC-32C u32. Kind
/// <c>0x80</c> is skippable, so readers that predate it read the log unchanged.
/// </remarks>
internal readonly record struct GroupHeader(long Position, long SyncedThrough, int BodyLength, uint BodyCrc)
{
    public const int PayloadSize = 25;
    public const int RecordSize = LogFormat.RecordHeaderSize + PayloadSize;

    /// <summary>Fills in the header record at the start of <paramref name="group"/>, whose body follows it.</summary>
    public static void Write(Span<byte> group, long position, long syncedThrough)
    {
        var body = group[RecordSize..];
        var record = group[..RecordSize];
        var payload = record[LogFormat.RecordHeaderSize..];
        payload[0] = LogFormat.KindGroupHeader;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..], position);
        BinaryPrimitives.WriteInt64LittleEndian(payload[9..], syncedThrough);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[17..], (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[21..], Crc32C.Compute(body));
        LogRecordCodec.WriteRecordHeader(record);
    }

    /// <summary>
    /// Reads a record payload as a group header. False when it is another kind, or a <c>0x80</c> payload of another
    /// length (then it is an ordinary skippable record), or its fields cannot describe a group at
    /// <paramref name="position"/> (it names another position, a watermark past itself, or an impossible length).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, long position, out GroupHeader header)
    {
        header = default;
        if (payload.Length != PayloadSize || payload[0] != LogFormat.KindGroupHeader)
        {
            return false;
        }

        header = new GroupHeader(
            BinaryPrimitives.ReadInt64LittleEndian(payload[1..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[9..]),
            (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(payload[17..]), int.MaxValue),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[21..]));
        return header.Position == position && header.SyncedThrough >= 0 && header.SyncedThrough <= position &&
            header.BodyLength <= LogFormat.MaxGroupBodyBytes;
    }

    /// <summary>Whether <paramref name="record"/> (exactly <see cref="RecordSize"/> bytes) is a whole, good group header at <paramref name="position"/>.</summary>
    public static bool TryReadRecord(ReadOnlySpan<byte> record, long position, out GroupHeader header)
    {
        header = default;
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == PayloadSize &&
            record[LogFormat.RecordHeaderSize] == LogFormat.KindGroupHeader &&
            Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, record[..4]), record[LogFormat.RecordHeaderSize..])) == BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) &&
            TryRead(record[LogFormat.RecordHeaderSize..], position, out header);
    }
}
