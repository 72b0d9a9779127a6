using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// Walks the records of one segment from a file offset, checking each CRC, and each record group whole (its header's
/// length and CRC) before returning any record of it. The writer's recovery and the reader both use it, so there is
/// one parser of the format.
/// </summary>
/// <remarks>
/// After bad bytes it decides between an unfinished write and damage by the group headers that follow them: damage
/// before a position some later header says was fsynced is corruption; anything else may be writes a power loss
/// (or a crash mid-write) cut short, in any order, so it is reported as not written.
/// </remarks>
internal sealed partial class SegmentScanner : IAsyncDisposable
{
    private readonly PipeReader reader;

    /// <summary>Whether the scan started at the segment's first record, so what it has read is all the segment holds before.</summary>
    private readonly bool fromFirstRecord;
    private ReadOnlySequence<byte> held;
    private long heldRecordBytes = -1;
    private long groupRemaining;
    private bool finished;

    /// <summary>Whether a good record outside any group was read, and whether a good group header was.</summary>
    private bool sawLooseRecord;
    private bool sawGroupHeader;

    /// <param name="segment">The segment being read (named in messages).</param>
    /// <param name="stream">The segment's stream, positioned at <paramref name="fileOffset"/>; the scanner owns it.</param>
    /// <param name="fileOffset">Where the first record to read starts in the file.</param>
    public SegmentScanner(SegmentFile segment, Stream stream, long fileOffset)
    {
        Segment = segment;
        NextOffset = fileOffset;
        RecordOffset = fileOffset;
        fromFirstRecord = fileOffset == LogFormat.SegmentHeaderSize;
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
    }

    public SegmentFile Segment { get; }

    /// <summary>
    /// Opens <paramref name="segment"/>, checks its header and positions a scanner at <paramref name="fileOffset"/>;
    /// returns null when the file is still shorter than a header.
    /// </summary>
    public static async Task<SegmentScanner?> OpenAsync(SegmentFile segment, long fileOffset, CancellationToken cancellationToken)
    {
        var stream = segment.OpenRead();
        try
        {
            var header = new byte[LogFormat.SegmentHeaderSize];
            var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < header.Length)
            {
                await stream.DisposeAsync();
                return null;
            }

            LogFormat.ValidateSegmentHeader(header, segment.BaseOffset, segment.Path);
            stream.Position = fileOffset;
            return new SegmentScanner(segment, stream, fileOffset);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The file offset of the record just returned, or after a non-record status, of the bad bytes: the start of the
    /// group they belong to when its header is good, so cutting there never leaves part of a group.
    /// </summary>
    public long RecordOffset { get; private set; }

    /// <summary>The file offset just after the record just returned.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The payload of the record just returned; valid until the next call.</summary>
    public ReadOnlySequence<byte> Payload { get; private set; }

    /// <summary>What was wrong, after <see cref="ScanStatus.Incomplete"/> or <see cref="ScanStatus.Corrupt"/>.</summary>
    public string Problem { get; private set; } = string.Empty;

    /// <summary>
    /// The highest synced-through watermark of the group headers seen, read or found after bad bytes (0 when none):
    /// every log position before it was fsynced when some group was written.
    /// </summary>
    public long SyncedThrough { get; private set; }

    /// <summary>
    /// How far the group headers read so far (not those found after bad bytes) vouch for the log: the highest
    /// synced-through watermark, or just past an empty group header (a witness) whose watermark is its own position,
    /// since it holds nothing itself. 0 when none was read.
    /// </summary>
    public long WitnessedThrough { get; private set; }

    /// <summary>
    /// After a non-record status, how many record groups at least start at or after <see cref="RecordOffset"/>: each
    /// good group header there, and one more when the bad bytes do not start with one (their header is the damage).
    /// </summary>
    public int GroupsAfter { get; private set; }

    public async ValueTask<ScanStatus> NextAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (heldRecordBytes >= 0)
        {
            reader.AdvanceTo(held.GetPosition(heldRecordBytes));
            heldRecordBytes = -1;
        }

        RecordOffset = NextOffset;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (groupRemaining > 0)
            {
                // The group was checked whole before its header was returned, so its records are here and sound.
                var length = LogFormat.RecordHeaderSize + (int)ReadLength(buffer);
                groupRemaining -= length;
                return Hold(buffer, length);
            }

            var probe = Probe(buffer, out var payloadLength);
            if (probe == RecordProbe.Good)
            {
                var recordBytes = LogFormat.RecordHeaderSize + payloadLength;
                if (!ReadGroupHeader(buffer, payloadLength, out var header))
                {
                    sawLooseRecord = true;
                    return Hold(buffer, recordBytes);
                }

                if (buffer.Length < recordBytes + header.BodyLength && !result.IsCompleted)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var groupProblem = CheckGroup(buffer.Slice(recordBytes), header);
                if (groupProblem is null)
                {
                    SyncedThrough = Math.Max(SyncedThrough, header.SyncedThrough);
                    var witnessed = header.BodyLength == 0 && header.SyncedThrough == header.Position
                        ? header.Position + GroupHeader.RecordSize
                        : header.SyncedThrough;
                    WitnessedThrough = Math.Max(WitnessedThrough, witnessed);
                    sawGroupHeader = true;
                    groupRemaining = header.BodyLength;
                    return Hold(buffer, recordBytes);
                }

                Problem = groupProblem;
            }
            else if (probe == RecordProbe.Empty && result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                finished = true;
                return ScanStatus.End;
            }
            else if (!result.IsCompleted && probe is RecordProbe.Empty or RecordProbe.ShortHeader or RecordProbe.ShortPayload)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            else
            {
                Problem = Describe(buffer, probe, payloadLength);
            }

            finished = true;
            return await ClassifyAsync(result, cancellationToken);
        }
    }

    /// <summary>Decodes <see cref="Payload"/>; a malformed payload is reported with the segment and offset.</summary>
    public EventBatch? DecodePayload()
    {
        var payload = Payload;
        try
        {
            if (payload.IsSingleSegment)
            {
                return LogRecordCodec.ReadPayload(payload.FirstSpan);
            }

            var rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            try
            {
                payload.CopyTo(rented);
                return LogRecordCodec.ReadPayload(rented.AsSpan(0, (int)payload.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.DataLoss)
        {
            throw NeuronException.DataLoss($"{ex.Message}, in event log segment \"{Segment.Path}\" at byte offset {RecordOffset}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        finished = true;
        await reader.CompleteAsync();
    }

    private ScanStatus Hold(in ReadOnlySequence<byte> buffer, long recordBytes)
    {
        held = buffer;
        heldRecordBytes = recordBytes;
        Payload = buffer.Slice(LogFormat.RecordHeaderSize, recordBytes - LogFormat.RecordHeaderSize);
        NextOffset = RecordOffset + recordBytes;
        return ScanStatus.Record;
    }

    private bool ReadGroupHeader(in ReadOnlySequence<byte> buffer, int payloadLength, out GroupHeader header)
    {
        header = default;
        if (payloadLength != GroupHeader.PayloadSize)
        {
            return false;
        }

        Span<byte> payload = stackalloc byte[GroupHeader.PayloadSize];
        buffer.Slice(LogFormat.RecordHeaderSize, GroupHeader.PayloadSize).CopyTo(payload);
        return GroupHeader.TryRead(payload, Segment.PositionOf(RecordOffset), out header);
    }

    /// <summary>Checks the bytes after a good group header against it; returns what is wrong, or null when the group is whole.</summary>
    private static string? CheckGroup(in ReadOnlySequence<byte> rest, GroupHeader header)
    {
        if (rest.Length < header.BodyLength)
        {
            return $"a record group of {header.BodyLength} bytes is cut short: {rest.Length} present";
        }

        var body = rest.Slice(0, header.BodyLength);
        if (Crc32C.Finish(Crc32C.Append(Crc32C.Seed, body)) != header.BodyCrc)
        {
            return $"CRC-32C mismatch over a record group of {header.BodyLength} bytes";
        }

        // The records must fill the group exactly; each record's own CRC is then covered by the group's.
        long offset = 0;
        Span<byte> length = stackalloc byte[4];
        while (offset < body.Length)
        {
            if (body.Length - offset < LogFormat.RecordHeaderSize)
            {
                return $"the records of a group of {header.BodyLength} bytes do not fill it";
            }

            body.Slice(offset, 4).CopyTo(length);
            var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(length);
            if (payloadLength is 0 or > LogFormat.MaxPayloadBytes || payloadLength > body.Length - offset - LogFormat.RecordHeaderSize)
            {
                return $"the records of a group of {header.BodyLength} bytes do not fill it";
            }

            offset += LogFormat.RecordHeaderSize + payloadLength;
        }

        return null;
    }
}
