using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private long _appends;
    private long _groups;
    private long _records;
    private long _bytes;
    private long _flushes;
    private long _segmentsRolled;
    private bool _dirty;
    private long _dirtySince;
    private Exception? _fault;

    /// <summary>
    /// The group-commit loop: take everything queued (up to <see cref="EventLogOptions.MaxGroupBytes"/>), admit and
    /// serialize it, write it once, fsync once per the policy, publish in log order, complete the callers.
    /// </summary>
    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await WaitForWorkAsync())
            {
                SyncIfDue();
                while (reader.TryRead(out var request))
                {
                    if (request.Exclusive is not null)
                    {
                        Commit();
                        await RunExclusiveOnLoopAsync(request);
                        continue;
                    }

                    Stage(request);
                    if (_buffer.WrittenCount >= _options.MaxGroupBytes)
                    {
                        Commit();
                    }
                }

                Commit();
            }
        }
        catch (Exception ex)
        {
            Log.LoopFailed(_logger, ex);
            _fault = ex;
            _queue.Writer.TryComplete();
            var error = Faulted();
            foreach (var request in _group)
            {
                request.TrySetException(error);
            }

            while (reader.TryRead(out var request))
            {
                request.TrySetException(error);
            }
        }
        finally
        {
            Close();
        }
    }

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

    private void Stage(PendingRequest request)
    {
        _appends++;
        if (_fault is not null)
        {
            request.TrySetException(Faulted());
            return;
        }

        if (request.CancellationToken.IsCancellationRequested)
        {
            request.TrySetCanceled(request.CancellationToken);
            return;
        }

        var admitted = request.Batch;
        if (_sequencer is not null)
        {
            try
            {
                admitted = _sequencer.Admit(request.Batch!);
            }
            catch (Exception ex)
            {
                Log.SequencerFailed(_logger, ex, nameof(IAppendSequencer.Admit));
                request.TrySetException(ex);
                return;
            }
        }

        var position = _end + _buffer.WrittenCount;
        if (admitted is not null)
        {
            try
            {
                LogRecordCodec.WriteRecord(admitted, _buffer);
            }
            catch (NeuronException ex)
            {
                _sequencer?.Aborted([admitted]);
                request.TrySetException(ex);
                return;
            }
        }

        request.Admitted = admitted;
        request.Position = position;
        request.Next = _end + _buffer.WrittenCount;
        _group.Add(request);
    }

    private void Commit()
    {
        if (_group.Count == 0)
        {
            return;
        }

        var bytes = _buffer.WrittenCount;
        if (bytes > 0 && !TryWriteGroup(bytes))
        {
            return;
        }

        foreach (var request in _group)
        {
            if (request.Admitted is null)
            {
                continue;
            }

            try
            {
                _sequencer?.Applied(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next));
            }
            catch (Exception ex)
            {
                Log.SequencerFailed(_logger, ex, nameof(IAppendSequencer.Applied));
                request.TrySetException(ex);
            }
        }

        foreach (var request in _group)
        {
            request.TrySetResult(new AppendResult(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next)));
        }

        _group.Clear();
        _buffer.Reset(_options.MaxGroupBytes);
        if (_fileLength >= _options.SegmentSizeBytes)
        {
            Roll();
        }
    }
}
