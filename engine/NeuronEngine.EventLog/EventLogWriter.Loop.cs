using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private long appends;
    private long groups;
    private long records;
    private long bytes;
    private long flushes;
    private long segmentsRolled;

    /// <summary>
    /// The group-commit loop: take everything queued (up to <see cref="EventLogOptions.MaxGroupBytes"/>), admit and
    /// serialize it, write it once, fsync once per the policy, publish in log order, complete the callers. It ends
    /// when the writer is disposed or stops after an internal failure.
    /// </summary>
    private async Task RunLoopAsync()
    {
        var reader = queue.Reader;
        try
        {
            while (fault is null && await WaitForWitnessAndWorkAsync())
            {
                SyncIfDue();
                while (fault is null && reader.TryRead(out var request))
                {
                    if (request.Exclusive is not null)
                    {
                        await RunExclusiveOnLoopAsync(request);
                        continue;
                    }

                    Stage(request);
                    if (buffer.WrittenCount >= options.MaxGroupBytes)
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
                Log.LoopFailed(logger, ex);
            }
        }
        finally
        {
            if (fault is not null)
            {
                FailPending();
            }

            Close();
            if (fault is not null)
            {
                faulted.TrySetResult();
            }
        }
    }

    /// <summary>Writes a due witness once the queue is drained, then waits for work.</summary>
    private ValueTask<bool> WaitForWitnessAndWorkAsync()
    {
        if (queue.Reader.Count == 0)
        {
            WitnessIfDue();
        }

        return WaitForWorkAsync();
    }

    private void Stage(PendingRequest request)
    {
        appends++;
        if (request.CancellationToken.IsCancellationRequested)
        {
            request.TrySetCanceled(request.CancellationToken);
            return;
        }

        var admitted = request.Batch;
        if (sequencer is not null)
        {
            try
            {
                admitted = sequencer.Admit(request.Batch!);
            }
            catch (Exception ex)
            {
                // Admit is all-or-nothing, so it kept nothing of this batch; what the group admitted before it stays
                // admitted and is written. A NeuronException is a deliberate refusal for the caller, not a fault.
                if (ex is not NeuronException)
                {
                    Log.AdmitFailed(logger, ex);
                }

                request.TrySetException(ex);
                return;
            }
        }

        // A group starts with its header, filled in once the group is complete (see TryWriteGroup); only a group
        // that writes a record gets one, so a group of duplicates alone writes nothing.
        var opensGroup = admitted is not null && buffer.WrittenCount == 0;
        if (opensGroup)
        {
            buffer.GetSpan(GroupHeader.RecordSize);
            buffer.Advance(GroupHeader.RecordSize);
        }

        var position = end + buffer.WrittenCount;
        if (admitted is not null)
        {
            try
            {
                LogRecordCodec.WriteRecord(admitted, buffer);
            }
            catch (NeuronException ex)
            {
                if (opensGroup)
                {
                    buffer.Reset(options.MaxGroupBytes);
                }

                Abort([admitted]);
                request.TrySetException(ex);
                return;
            }
        }

        request.Admitted = admitted;
        request.Position = position;
        request.Next = end + buffer.WrittenCount;
        group.Add(request);
    }
}
