using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private const string WriteFailedMessage = "the event log could not write; the batch was not stored";

    /// <summary>Test seam: runs on the loop after a group's write, before its fsync; throwing fails the group as a failed write would.</summary>
    internal Action? AfterGroupWrite { get; set; }

    /// <summary>
    /// Fills in the staged group's header, writes the group at the end of the segment and fsyncs it per the policy.
    /// </summary>
    /// <returns>False when the write or fsync failed and the group's callers were failed.</returns>
    private bool TryWriteGroup(int bytes)
    {
        GroupHeader.Write(buffer.WrittenSpan, end, synced);
        var watermark = synced;
        try
        {
            RandomAccess.Write(handle, buffer.WrittenSpan, fileLength);
            AfterGroupWrite?.Invoke();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            FailGroup(ex);
            return false;
        }

        if (policy.Mode == DurabilityMode.Always)
        {
            if (!TrySync(handle, segment.Path))
            {
                FailUnsyncedGroup();
                return false;
            }

            flushes++;
        }
        else if (!dirty)
        {
            dirty = true;
            dirtySince = timeProvider.GetTimestamp();
        }

        var records = 0;
        foreach (var request in group)
        {
            records += request.Admitted is null ? 0 : 1;
        }

        fileLength += bytes;
        Volatile.Write(ref end, end + bytes);
        witnessed = Math.Max(witnessed, watermark);
        if (policy.Mode == DurabilityMode.Always)
        {
            synced = end;
        }

        Volatile.Write(ref this.bytes, this.bytes + bytes);
        Volatile.Write(ref this.records, this.records + records);
        Volatile.Write(ref groups, groups + 1);
        return true;
    }

    /// <summary>
    /// Cuts the file back to where the group started, so the next group does not land after a partial write, then
    /// fails the group. If even that fails, the writer stops; recovery on restart cuts the tail.
    /// </summary>
    private void FailGroup(Exception ex)
    {
        Log.GroupFailed(logger, ex, group.Count, end);
        var rolledBack = true;
        try
        {
            RandomAccess.SetLength(handle, fileLength);
        }
        catch (Exception rollbackError) when (rollbackError is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            rolledBack = false;
            if (TryStop(rollbackError))
            {
                Log.RollbackFailed(logger, rollbackError, end);
            }
        }

        var aborted = new List<EventBatch>(group.Count);
        foreach (var request in group)
        {
            if (request.Admitted is not null)
            {
                aborted.Add(request.Admitted);
            }
        }

        // Only a rolled-back group is known not to be in the log; after a failed rollback the writer is stopped anyway.
        // The sequencer hears first, so a caller's retry never meets the batch's ids still pending.
        if (rolledBack)
        {
            Abort(aborted);
        }

        // The cause (paths, errno) stays in the log line: the message becomes the clients' status.
        var error = rolledBack && fault is null ? new NeuronException(ErrorKind.Unavailable, WriteFailedMessage, null, ex) : StoppedError();
        foreach (var request in group)
        {
            request.TrySetException(error);
        }

        group.Clear();
        buffer.Reset(options.MaxGroupBytes);
    }

    /// <summary>
    /// Fails the group whose fsync failed (the writer has stopped). It is not rolled back and the sequencer hears
    /// nothing: whether its bytes reached the disk is unknown, and the descriptor is not used again. A restart keeps
    /// whatever whole records recovery finds, as for any append whose caller saw an error.
    /// </summary>
    private void FailUnsyncedGroup()
    {
        var error = StoppedError();
        foreach (var request in group)
        {
            request.TrySetException(error);
        }

        group.Clear();
        buffer.Reset(options.MaxGroupBytes);
    }

    /// <summary>Tells the sequencer these admitted batches were not written; a throwing hook stops the writer.</summary>
    private void Abort(List<EventBatch> batches)
    {
        if (batches.Count == 0 || sequencer is null)
        {
            return;
        }

        try
        {
            sequencer.Aborted(batches);
        }
        catch (Exception ex)
        {
            if (TryStop(ex))
            {
                Log.SequencerHookFailed(logger, ex, nameof(IAppendSequencer.Aborted), end);
            }
        }
    }

    /// <summary>
    /// fsyncs and closes the files. It fsyncs after other failures too (what was acknowledged should reach the disk),
    /// but never after a failed fsync, which must not be retried (see <see cref="TrySync"/>). A clean close then
    /// writes a witness of that fsync and fsyncs it too, so the log it leaves vouches for every byte it holds.
    /// </summary>
    private void Close()
    {
        try
        {
            if (TrySync(handle, segment.Path))
            {
                Volatile.Write(ref flushes, flushes + 1);
                if (fault is null)
                {
                    synced = end;
                    var before = end;
                    WriteWitness();
                    if (end != before && TrySync(handle, segment.Path))
                    {
                        synced = end;
                        Volatile.Write(ref flushes, flushes + 1);
                    }
                }
            }
        }
        finally
        {
            dirty = false;
            handle.Dispose();
            lockFile?.Dispose();
            buffer.Dispose();
        }
    }
}
