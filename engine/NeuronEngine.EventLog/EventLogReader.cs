using System.Runtime.CompilerServices;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>
/// Reads the event log, from this process or another one while the engine appends (the trainer tails it). It
/// never returns part of a record group: bytes in the newest segment that are not yet a whole group with good CRCs,
/// and that no later group header says were fsynced, count as not written yet (a write in progress, or a tail the
/// writer's recovery will cut). Group headers are skipped; entries are the batches.
/// </summary>
/// <remarks>
/// Stateless and thread-safe; each enumeration opens its own file handles. <c>from</c> must be a record boundary:
/// <see cref="LogPosition.Start"/>, an entry's <see cref="LogEntry.Next"/>, or a writer's end position. A reader
/// may see a group that the writer then rolls back after a failed write (the engine logs it), or that recovery after
/// a power loss cuts.
/// </remarks>
public sealed class EventLogReader
{
    /// <param name="directory">The event log's folder (<see cref="EventLogOptions.Directory"/>).</param>
    /// <param name="pollInterval">How long tailing waits before looking for new records again. Default 50 ms.</param>
    public EventLogReader(string directory, TimeSpan? pollInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(50);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(pollInterval));
    }

    /// <summary>The log's folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>How long tailing waits between looks for new records.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>
    /// Reads the records from <paramref name="from"/> up to the log's current end, or only those ending at or before
    /// <paramref name="to"/>, then stops.
    /// </summary>
    /// <exception cref="NeuronException">DataLoss naming the segment and byte offset when the log is corrupt.</exception>
    public IAsyncEnumerable<LogEntry> ReadAsync(LogPosition from, LogPosition? to = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(from, to, follow: false, cancellationToken);

    /// <summary>
    /// Reads the records from <paramref name="from"/> and then waits for new ones, across segment rolls, until
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<LogEntry> TailAsync(LogPosition from, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(from, null, follow: true, cancellationToken);

    private async IAsyncEnumerable<LogEntry> ReadCoreAsync(LogPosition from, LogPosition? to, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from.Offset, nameof(from));
        var position = from.Offset;
        while (to is null || position < to.Value.Offset)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segments = SegmentFile.List(Directory);
            var index = segments.FindLastIndex(s => s.BaseOffset <= position);
            if (index < 0)
            {
                if (segments.Count > 0)
                {
                    throw NeuronException.NotFound($"log position {position} is before the first event log segment (which starts at {segments[0].BaseOffset})");
                }

                if (!follow)
                {
                    yield break;
                }

                await Task.Delay(PollInterval, cancellationToken);
                continue;
            }

            var segment = segments[index];
            var isSealed = index < segments.Count - 1;
            var next = isSealed ? segments[index + 1].BaseOffset : long.MaxValue;
            ScanStatus status = ScanStatus.End;
            string problem = string.Empty;
            long problemOffset = 0;
            var scanner = isSealed || !segment.IsUnfinished()
                ? await SegmentScanner.OpenAsync(segment, segment.FileOffsetOf(position), cancellationToken)
                : null;
            if (scanner is not null)
            {
                await using (scanner)
                {
                    while ((status = await scanner.NextAsync(cancellationToken)) == ScanStatus.Record)
                    {
                        var after = segment.PositionOf(scanner.NextOffset);
                        if (to is not null && after > to.Value.Offset)
                        {
                            yield break;
                        }

                        var batch = scanner.DecodePayload();
                        var entryPosition = position;
                        position = after;
                        if (batch is not null)
                        {
                            yield return new LogEntry(new LogPosition(entryPosition), new LogPosition(after), batch);
                        }
                    }

                    problem = scanner.Problem;
                    problemOffset = scanner.RecordOffset;
                }
            }

            else
            {
                status = ScanStatus.Incomplete;
                problem = "the file holds no segment header yet";
            }

            // The writer finishes a segment before it creates the next, so one listed before this pass was already
            // complete when read: anything short of a clean end exactly at the next base is damage.
            if (status == ScanStatus.Corrupt || (isSealed && (status != ScanStatus.End || position != next)))
            {
                throw segment.CorruptAt(
                    problemOffset,
                    status == ScanStatus.End ? $"it ends at log position {position} but the next segment starts at {next}" : problem);
            }

            if (isSealed)
            {
                continue;
            }

            if (!follow)
            {
                yield break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
