using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// Walks the records of one segment from a file offset, checking each CRC. The writer's recovery and the reader
/// both use it, so there is one parser of the format.
/// </summary>
/// <remarks>
/// After a bad record it decides between an unfinished write and damage by looking for any good record later in
/// the file: an unfinished write (one group, cut short) never has a good record after a bad one.
/// </remarks>
internal sealed partial class SegmentScanner : IAsyncDisposable
{
    /// <summary>More unreadable bytes than one group of records can span cannot be an unfinished write.</summary>
    private const long MaxUnfinishedBytes = (2L * LogFormat.MaxPayloadBytes) + (2 * LogFormat.RecordHeaderSize);

    private readonly PipeReader reader;
    private ReadOnlySequence<byte> held;
    private long heldRecordBytes = -1;
    private bool finished;

    /// <param name="segment">The segment being read (named in messages).</param>
    /// <param name="stream">The segment's stream, positioned at <paramref name="fileOffset"/>; the scanner owns it.</param>
    /// <param name="fileOffset">Where the first record to read starts in the file.</param>
    public SegmentScanner(SegmentFile segment, Stream stream, long fileOffset)
    {
        Segment = segment;
        NextOffset = fileOffset;
        RecordOffset = fileOffset;
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

    /// <summary>The file offset of the record just returned, or of the first bad byte after a non-record status.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The file offset just after the record just returned.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The payload of the record just returned; valid until the next call.</summary>
    public ReadOnlySequence<byte> Payload { get; private set; }

    /// <summary>What was wrong, after <see cref="ScanStatus.Incomplete"/> or <see cref="ScanStatus.Corrupt"/>.</summary>
    public string Problem { get; private set; } = string.Empty;

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
            var probe = Probe(buffer, out var payloadLength);
            if (probe == RecordProbe.Good)
            {
                held = buffer;
                heldRecordBytes = LogFormat.RecordHeaderSize + payloadLength;
                Payload = buffer.Slice(LogFormat.RecordHeaderSize, payloadLength);
                NextOffset = RecordOffset + heldRecordBytes;
                return ScanStatus.Record;
            }

            if (!result.IsCompleted && buffer.Length <= MaxUnfinishedBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var status = Classify(buffer, probe, payloadLength, result.IsCompleted);
            reader.AdvanceTo(buffer.Start, buffer.End);
            finished = status != ScanStatus.Record;
            return status;
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
}
