using Microsoft.Win32.SafeHandles;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private bool dirty;
    private long dirtySince;

    /// <summary>Test seam: the fsync of a segment file (the open segment, a new segment's header); a real fsync otherwise.</summary>
    internal Action<SafeFileHandle> FlushFile { get; set; } = RandomAccess.FlushToDisk;

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

    /// <summary>fsyncs the current segment. A failure after acknowledged writes cannot be undone, so it stops the writer.</summary>
    /// <returns>False when the writer is stopped (now or before).</returns>
    private bool SyncNow()
    {
        if (fault is not null)
        {
            return false;
        }

        try
        {
            FlushFile(handle);
            dirty = false;
            Volatile.Write(ref flushes, flushes + 1);
            return true;
        }
        catch (IOException ex)
        {
            if (TryStop(ex))
            {
                Log.SyncFailed(logger, ex);
            }

            return false;
        }
    }
}
