using Microsoft.Win32.SafeHandles;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private bool dirty;
    private long dirtySince;
    private bool syncFailed;

    /// <summary>
    /// The log position up to which the log is known fsynced; each group header carries it, so recovery can tell damage
    /// to durable bytes from writes a power loss dropped.
    /// </summary>
    private long synced;

    /// <summary>
    /// The log position through which every written byte is vouched for by a written group header's watermark (or lies
    /// in a segment before the last, which a roll made wholly durable): damage before it is told from a torn write at
    /// recovery. Each group's header raises it to <see cref="synced"/>; after an fsync with no group following, a
    /// witness (see <see cref="WriteWitness"/>) does.
    /// </summary>
    private long witnessed;

    /// <summary>Set by an fsync outside a group's own (interval, flush, exclusive action, roll): write a witness when idle.</summary>
    private bool witnessDue;

    /// <summary>
    /// Test seam: the fsync of a segment file (the open segment, a new segment's header), given its handle and path; a
    /// real fsync otherwise. The path lets a test keep what each file held at its last fsync (a simulated power loss).
    /// </summary>
    internal Action<SafeFileHandle, string> FlushFile { get; set; } = static (handle, _) => RandomAccess.FlushToDisk(handle);

    /// <summary>Waits for a request, or under <c>interval</c> with unsynced data, at most until its fsync is due.</summary>
    private async ValueTask<bool> WaitForWorkAsync()
    {
        if (!dirty || policy.Mode != DurabilityMode.Interval)
        {
            return await queue.Reader.WaitToReadAsync();
        }

        var remaining = policy.Interval - timeProvider.GetElapsedTime(dirtySince);
        if (remaining <= TimeSpan.Zero)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(remaining, timeProvider);
        try
        {
            return await queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>Under <c>interval</c>, fsyncs once the oldest unsynced write has waited the interval.</summary>
    private void SyncIfDue()
    {
        if (dirty && policy.Mode == DurabilityMode.Interval && timeProvider.GetElapsedTime(dirtySince) >= policy.Interval)
        {
            SyncNow();
        }
    }

    /// <summary>
    /// When the loop runs out of work after an fsync that took <see cref="synced"/> past what any written group header
    /// says (the interval fsync, a flush or other exclusive action), writes a witness; see <see cref="WriteWitness"/>.
    /// While appends keep coming, the next group's header carries the watermark instead, so under load nothing extra is
    /// written; under <c>always</c> a group's own fsync never asks for one (it would be a write per acknowledgement).
    /// </summary>
    private void WitnessIfDue()
    {
        if (witnessDue)
        {
            witnessDue = false;
            WriteWitness();
        }
    }

    /// <summary>
    /// Writes a witness when <see cref="synced"/> is past what any written group header says: an empty group header at
    /// the end carrying the watermark, so recovery can tell damage to the fsynced bytes from a torn write even when no
    /// group follows them. It is not fsynced here (it holds no data, and does not make the log dirty, so the interval
    /// timer never fires for it alone); the next fsync takes it along. A failed write is rolled back and otherwise
    /// ignored (the next group's header witnesses instead); a failed rollback stops the writer.
    /// </summary>
    private void WriteWitness()
    {
        if (fault is not null || synced <= witnessed)
        {
            return;
        }

        Span<byte> record = stackalloc byte[GroupHeader.RecordSize];
        GroupHeader.Write(record, end, synced);
        try
        {
            RandomAccess.Write(handle, record, fileLength);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            try
            {
                RandomAccess.SetLength(handle, fileLength);
            }
            catch (Exception rollbackError) when (rollbackError is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                if (TryStop(rollbackError))
                {
                    Log.RollbackFailed(logger, rollbackError, end);
                }
            }

            Log.WitnessFailed(logger, ex, end);
            return;
        }

        fileLength += GroupHeader.RecordSize;
        Volatile.Write(ref end, end + GroupHeader.RecordSize);
        witnessed = end;
    }

    /// <summary>fsyncs the current segment. A failure stops the writer for good (see <see cref="TrySync"/>).</summary>
    /// <returns>False when the writer is stopped (now or before).</returns>
    private bool SyncNow()
    {
        if (fault is not null || !TrySync(handle, segment.Path))
        {
            return false;
        }

        dirty = false;
        synced = end;
        witnessDue = true;
        Volatile.Write(ref flushes, flushes + 1);
        return true;
    }

    /// <summary>
    /// fsyncs <paramref name="file"/>; if that fails, stops the writer for good and returns false. Nothing written since
    /// the last good fsync may be acknowledged after that, and no fsync is tried again (not even at close): after a
    /// failed writeback the kernel may have dropped the dirty pages and marked them clean, so a second fsync of the same
    /// file can succeed without the data ever reaching the disk (PostgreSQL's "fsyncgate", 2018). A restart recovers
    /// from what the disk really holds.
    /// </summary>
    private bool TrySync(SafeFileHandle file, string path)
    {
        if (syncFailed)
        {
            return false;
        }

        try
        {
            FlushFile(file, path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            syncFailed = true;
            if (TryStop(ex))
            {
                Log.SyncFailed(logger, ex);
            }

            return false;
        }
    }
}
