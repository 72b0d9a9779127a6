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

    /// <summary>
    /// The group-commit loop: take everything queued (up to <see cref="EventLogOptions.MaxGroupBytes"/>), admit and
    /// serialize it, write it once, fsync once per the policy, publish in log order, complete the callers. It ends
    /// when the writer is disposed or stops after an internal failure.
    /// </summary>
    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (_fault is null && await WaitForWorkAsync())
            {
                SyncIfDue();
                while (_fault is null && reader.TryRead(out var request))
                {
                    if (request.Exclusive is not null)
                    {
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
            if (TryStop(ex))
            {
                Log.LoopFailed(_logger, ex);
            }
        }
        finally
        {
            if (_fault is not null)
            {
                FailPending();
            }

            Close();
            if (_fault is not null)
            {
                _faulted.TrySetResult();
            }
        }
    }

    private void Stage(PendingRequest request)
    {
        _appends++;
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
                // Admit is all-or-nothing, so it kept nothing of this batch; what the group admitted before it stays
                // admitted and is written. A NeuronException is a deliberate refusal for the caller, not a fault.
                if (ex is not NeuronException)
                {
                    Log.AdmitFailed(_logger, ex);
                }

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
                Abort([admitted]);
                request.TrySetException(ex);
                return;
            }
        }

        request.Admitted = admitted;
        request.Position = position;
        request.Next = _end + _buffer.WrittenCount;
        _group.Add(request);
    }
}
