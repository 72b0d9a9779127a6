using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>Test seam: runs on the loop after a group's write, before its fsync; throwing fails the group as an fsync error would.</summary>
    internal Action? AfterGroupWrite { get; set; }

    /// <summary>Writes the staged group at the end of the segment and fsyncs it per the policy.</summary>
    /// <returns>False when the write failed and the group's callers were failed.</returns>
    private bool TryWriteGroup(int bytes)
    {
        try
        {
            RandomAccess.Write(_handle, _buffer.WrittenSpan, _fileLength);
            AfterGroupWrite?.Invoke();
            if (_policy.Mode == DurabilityMode.Always)
            {
                RandomAccess.FlushToDisk(_handle);
                _flushes++;
            }
            else if (!_dirty)
            {
                _dirty = true;
                _dirtySince = _timeProvider.GetTimestamp();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            FailGroup(ex);
            return false;
        }

        var records = 0;
        foreach (var request in _group)
        {
            records += request.Admitted is null ? 0 : 1;
        }

        _fileLength += bytes;
        Volatile.Write(ref _end, _end + bytes);
        Volatile.Write(ref _bytes, _bytes + bytes);
        Volatile.Write(ref _records, _records + records);
        Volatile.Write(ref _groups, _groups + 1);
        return true;
    }

    /// <summary>
    /// Cuts the file back to where the group started, so the next group does not land after a partial write, then
    /// fails the group. If even that fails, the writer stops taking appends; recovery on restart cuts the tail.
    /// </summary>
    private void FailGroup(Exception ex)
    {
        Log.GroupFailed(_logger, ex, _group.Count, _end);
        try
        {
            RandomAccess.SetLength(_handle, _fileLength);
        }
        catch (Exception rollbackError) when (rollbackError is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            Log.RollbackFailed(_logger, rollbackError, _end);
            _fault = rollbackError;
        }

        var aborted = new List<EventBatch>(_group.Count);
        foreach (var request in _group)
        {
            if (request.Admitted is not null)
            {
                aborted.Add(request.Admitted);
            }
        }

        if (aborted.Count > 0 && _sequencer is not null)
        {
            try
            {
                _sequencer.Aborted(aborted);
            }
            catch (Exception hookError)
            {
                Log.SequencerFailed(_logger, hookError, nameof(IAppendSequencer.Aborted));
            }
        }

        var error = new NeuronException(ErrorKind.Unavailable, "the event log could not write the batch: " + ex.Message, null, ex);
        foreach (var request in _group)
        {
            request.TrySetException(error);
        }

        _group.Clear();
        _buffer.Reset(_options.MaxGroupBytes);
    }

    private void SyncIfDue()
    {
        if (_dirty && _policy.Mode == DurabilityMode.Interval && _timeProvider.GetElapsedTime(_dirtySince) >= _policy.Interval)
        {
            SyncNow();
        }
    }

    /// <summary>fsyncs the current segment. A failure after acknowledged writes cannot be undone, so it faults the writer.</summary>
    private void SyncNow()
    {
        _dirty = false;
        if (_fault is not null)
        {
            throw Faulted();
        }

        try
        {
            RandomAccess.FlushToDisk(_handle);
            Volatile.Write(ref _flushes, _flushes + 1);
        }
        catch (IOException ex)
        {
            Log.SyncFailed(_logger, ex);
            _fault = ex;
            throw Faulted();
        }
    }

    private async Task RunExclusiveOnLoopAsync(PendingRequest request)
    {
        if (_fault is not null)
        {
            request.TrySetException(Faulted());
            return;
        }

        try
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            await request.Exclusive!(new LogPosition(_end), request.CancellationToken);
            request.TrySetResult(new AppendResult(null, new LogPosition(_end), new LogPosition(_end)));
        }
        catch (OperationCanceledException ex) when (request.CancellationToken.IsCancellationRequested)
        {
            request.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            request.TrySetException(ex);
        }
    }

    private void Close()
    {
        try
        {
            if (_fault is null)
            {
                RandomAccess.FlushToDisk(_handle);
                Volatile.Write(ref _flushes, _flushes + 1);
            }
        }
        catch (IOException ex)
        {
            Log.SyncFailed(_logger, ex);
        }
        finally
        {
            _dirty = false;
            _handle.Dispose();
            _lock?.Dispose();
            _buffer.Dispose();
        }
    }

    private NeuronException Faulted() => new(
        ErrorKind.Unavailable, "the event log stopped taking appends after a failed write; restart the engine to recover it", null, _fault);
}
