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
