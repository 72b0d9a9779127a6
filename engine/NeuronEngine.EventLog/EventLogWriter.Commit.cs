namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>Writes the staged group, publishes it to the sequencer in log order and completes its callers.</summary>
    private void Commit()
    {
        // After a failure nothing more is written; the loop fails what is staged on its way out.
        if (group.Count == 0 || fault is not null)
        {
            return;
        }

        var bytes = buffer.WrittenCount;
        if (bytes > 0 && !TryWriteGroup(bytes))
        {
            return;
        }

        var published = Publish();
        for (var i = 0; i < group.Count; i++)
        {
            var request = group[i];
            if (i < published)
            {
                request.TrySetResult(new AppendResult(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next)));
            }
            else
            {
                request.TrySetException(StoppedError());
            }
        }

        group.Clear();
        buffer.Reset(options.MaxGroupBytes);
        if (fault is not null)
        {
            return;
        }

        if (fileLength >= options.SegmentSizeBytes)
        {
            Roll();
        }

        // Checked after every group too: under sustained load the loop may never get back to waiting for work.
        SyncIfDue();
    }

    /// <summary>Tells the sequencer about each written batch, in log order.</summary>
    /// <returns>How many of the group's appends may succeed: all of them, unless a hook threw and stopped the writer.</returns>
    private int Publish()
    {
        if (sequencer is null)
        {
            return group.Count;
        }

        for (var i = 0; i < group.Count; i++)
        {
            var request = group[i];
            if (request.Admitted is null)
            {
                continue;
            }

            try
            {
                sequencer.Applied(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next));
            }
            catch (Exception ex)
            {
                // The batch is in the log but the state beside it is half-updated: going on would build on a lie.
                if (TryStop(ex))
                {
                    Log.SequencerHookFailed(logger, ex, nameof(IAppendSequencer.Applied), request.Position);
                }

                return i;
            }
        }

        return group.Count;
    }
}
