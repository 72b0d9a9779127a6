using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private const string RepairAdvice =
        "The event log refuses to start on corruption before its tail. Restore the folder from a backup, or start once with " +
        "EventLog:Repair=true to truncate the log at this offset (everything after it is lost and is logged).";

    /// <summary>
    /// Scans every segment, cuts a torn tail (bad bytes in the last segment that no later group header says were
    /// fsynced, and every group after them), and leaves <see cref="segment"/> and <see cref="end"/> at the log's end.
    /// </summary>
    /// <returns>How many segments the log has.</returns>
    private async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var segments = SegmentFile.List(directory);

        // A crash or power loss while creating the newest segment can leave it without its header: it never held a record.
        if (segments.Count > 0 && segments[^1].IsUnfinished())
        {
            Log.UnfinishedSegmentDeleted(logger, segments[^1].Path, new FileInfo(segments[^1].Path).Length);
            File.Delete(segments[^1].Path);
            segments.RemoveAt(segments.Count - 1);
            FileSync.Instance.SyncDirectory(directory);
        }

        if (segments.Count == 0)
        {
            this.segment = new SegmentFile(0, Path.Combine(directory, LogFormat.SegmentFileName(0)));
            CreateSegment(this.segment).Dispose();
            fileLength = LogFormat.SegmentHeaderSize;
            end = 0;
            return 1;
        }

        var expectedBase = segments[0].BaseOffset;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Count - 1;
            if (segment.BaseOffset != expectedBase)
            {
                throw NeuronException.DataLoss(
                    $"event log segment \"{segment.Path}\" starts at log position {segment.BaseOffset}, but the segment before it ends at {expectedBase}: a segment is missing or damaged (byte offset 0). {RepairAdvice}");
            }

            var (status, offset, problem, syncedThrough, witnessedThrough, groups) = await ScanSegmentAsync(segment, cancellationToken);

            // Every segment before the last is wholly durable; in the last, what its group headers vouch for.
            witnessed = Math.Max(segment.BaseOffset, Math.Min(witnessedThrough, segment.PositionOf(offset)));
            if (status == ScanStatus.End)
            {
                expectedBase = segment.PositionOf(offset);
                this.segment = segment;
                fileLength = offset;
                continue;
            }

            // Only the last segment can hold unsynced writes: a roll fsyncs the segment before the next one exists.
            var length = new FileInfo(segment.Path).Length;
            if (status == ScanStatus.Incomplete && isLast)
            {
                Truncate(segment, offset);
                TornBytesCut = length - offset;
                Log.TornTailCut(
                    logger, length - offset, groups, segment.Path, offset, segment.PositionOf(offset), Math.Max(syncedThrough, segment.BaseOffset), problem);
            }
            else if (options.Repair)
            {
                Truncate(segment, offset);
                Log.RepairTruncated(logger, segment.Path, offset, segment.PositionOf(offset), length - offset, problem);
                foreach (var later in segments.Skip(i + 1))
                {
                    Log.RepairDeletedSegment(logger, later.Path, new FileInfo(later.Path).Length);
                    File.Delete(later.Path);
                }

                FileSync.Instance.SyncDirectory(directory);
                segments.RemoveRange(i + 1, segments.Count - i - 1);
            }
            else
            {
                throw segment.CorruptAt(offset, problem, RepairAdvice);
            }

            this.segment = segment;
            fileLength = offset;
            break;
        }

        end = this.segment.PositionOf(fileLength);
        return segments.Count;
    }

    private static async Task<(ScanStatus Status, long Offset, string Problem, long SyncedThrough, long WitnessedThrough, int Groups)> ScanSegmentAsync(
        SegmentFile segment, CancellationToken cancellationToken)
    {
        await using var scanner = await SegmentScanner.OpenAsync(segment, LogFormat.SegmentHeaderSize, cancellationToken)
            ?? throw NeuronException.DataLoss($"event log segment \"{segment.Path}\" is shorter than its header (byte offset 0). {RepairAdvice}");
        ScanStatus status;
        while ((status = await scanner.NextAsync(cancellationToken)) == ScanStatus.Record)
        {
        }

        return (status, scanner.RecordOffset, scanner.Problem, scanner.SyncedThrough, scanner.WitnessedThrough, scanner.GroupsAfter);
    }

    /// <summary>Cuts <paramref name="segment"/> to <paramref name="length"/> bytes and fsyncs it (through <see cref="FlushFile"/>).</summary>
    private void Truncate(SegmentFile segment, long length)
    {
        using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(handle, length);
        FlushFile(handle, segment.Path);
    }
}
