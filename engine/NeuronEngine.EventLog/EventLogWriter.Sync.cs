namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private bool _dirty;
    private long _dirtySince;

    /// <summary>Waits for a request, or under <c>interval</c> with unsynced data, at most until its fsync is due.</summary>
    private async ValueTask<bool> WaitForWorkAsync()
    {
        if (!_dirty || _policy.Mode != DurabilityMode.Interval)
        {
            return await _queue.Reader.WaitToReadAsync();
        }

        var remaining = _policy.Interval - _timeProvider.GetElapsedTime(_dirtySince);
        if (remaining <= TimeSpan.Zero)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(remaining, _timeProvider);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>Under <c>interval</c>, fsyncs once the oldest unsynced write has waited the interval.</summary>
    private void SyncIfDue()
    {
        if (_dirty && _policy.Mode == DurabilityMode.Interval && _timeProvider.GetElapsedTime(_dirtySince) >= _policy.Interval)
        {
            SyncNow();
        }
    }

    /// <summary>fsyncs the current segment. A failure after acknowledged writes cannot be undone, so it stops the writer.</summary>
    /// <returns>False when the writer is stopped (now or before).</returns>
    private bool SyncNow()
    {
        if (_fault is not null)
        {
            return false;
        }

        try
        {
            RandomAccess.FlushToDisk(_handle);
            _dirty = false;
            Volatile.Write(ref _flushes, _flushes + 1);
            return true;
        }
        catch (IOException ex)
        {
            if (TryStop(ex))
            {
                Log.SyncFailed(_logger, ex);
            }

            return false;
        }
    }
}
