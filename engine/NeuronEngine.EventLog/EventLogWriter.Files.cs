using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private const string WriteFailedMessage = "the event log could not write; the batch was not stored";

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
    /// fails the group. If even that fails, the writer stops; recovery on restart cuts the tail.
    /// </summary>
    private void FailGroup(Exception ex)
    {
        Log.GroupFailed(_logger, ex, _group.Count, _end);
        var rolledBack = true;
        try
        {
            RandomAccess.SetLength(_handle, _fileLength);
        }
        catch (Exception rollbackError) when (rollbackError is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            rolledBack = false;
            if (TryStop(rollbackError))
            {
                Log.RollbackFailed(_logger, rollbackError, _end);
            }
        }

        var aborted = new List<EventBatch>(_group.Count);
        foreach (var request in _group)
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
        var error = rolledBack && _fault is null ? new NeuronException(ErrorKind.Unavailable, WriteFailedMessage, null, ex) : StoppedError();
        foreach (var request in _group)
        {
            request.TrySetException(error);
        }

        _group.Clear();
        _buffer.Reset(_options.MaxGroupBytes);
    }

    /// <summary>Tells the sequencer these admitted batches were not written; a throwing hook stops the writer.</summary>
    private void Abort(List<EventBatch> batches)
    {
        if (batches.Count == 0 || _sequencer is null)
        {
            return;
        }

        try
        {
            _sequencer.Aborted(batches);
        }
        catch (Exception ex)
        {
            if (TryStop(ex))
            {
                Log.SequencerHookFailed(_logger, ex, nameof(IAppendSequencer.Aborted), _end);
            }
        }
    }

    /// <summary>fsyncs and closes the files. It fsyncs after a failure too: what was acknowledged should reach the disk.</summary>
    private void Close()
    {
        try
        {
            RandomAccess.FlushToDisk(_handle);
            Volatile.Write(ref _flushes, _flushes + 1);
        }
        catch (IOException ex)
        {
            if (TryStop(ex))
            {
                Log.SyncFailed(_logger, ex);
            }
        }
        finally
        {
            _dirty = false;
            _handle.Dispose();
            _lock?.Dispose();
            _buffer.Dispose();
        }
    }
}
