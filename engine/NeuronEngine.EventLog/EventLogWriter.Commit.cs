namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>Writes the staged group, publishes it to the sequencer in log order and completes its callers.</summary>
    private void Commit()
    {
        // After a failure nothing more is written; the loop fails what is staged on its way out.
        if (_group.Count == 0 || _fault is not null)
        {
            return;
        }

        var bytes = _buffer.WrittenCount;
        if (bytes > 0 && !TryWriteGroup(bytes))
        {
            return;
        }

        var published = Publish();
        for (var i = 0; i < _group.Count; i++)
        {
            var request = _group[i];
            if (i < published)
            {
                request.TrySetResult(new AppendResult(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next)));
            }
            else
            {
                request.TrySetException(StoppedError());
            }
        }

        _group.Clear();
        _buffer.Reset(_options.MaxGroupBytes);
        if (_fault is not null)
        {
            return;
        }

        if (_fileLength >= _options.SegmentSizeBytes)
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
        if (_sequencer is null)
        {
            return _group.Count;
        }

        for (var i = 0; i < _group.Count; i++)
        {
            var request = _group[i];
            if (request.Admitted is null)
            {
                continue;
            }

            try
            {
                _sequencer.Applied(request.Admitted, new LogPosition(request.Position), new LogPosition(request.Next));
            }
            catch (Exception ex)
            {
                // The batch is in the log but the state beside it is half-updated: going on would build on a lie.
                if (TryStop(ex))
                {
                    Log.SequencerHookFailed(_logger, ex, nameof(IAppendSequencer.Applied), request.Position);
                }

                return i;
            }
        }

        return _group.Count;
    }
}
