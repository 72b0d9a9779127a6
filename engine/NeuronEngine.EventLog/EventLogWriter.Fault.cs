using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private const string StoppedMessage = "the event log stopped after an internal failure; restart the engine to recover";

    private readonly TaskCompletionSource faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? fault;

    /// <summary>
    /// True once the writer has stopped after an internal failure (any failed fsync, a
    /// write it could not roll back, or a sequencer hook that threw after its batch was written). From then on every
    /// append and exclusive action fails with <see cref="ErrorKind.Unavailable"/>; only a restart recovers.
    /// </summary>
    public bool IsFaulted => Volatile.Read(ref fault) is not null;

    /// <summary>
    /// Completes once the writer has stopped after an internal failure and closed its files (see <see cref="IsFaulted"/>),
    /// so the host can report itself unhealthy and stop. Never completes when the writer is disposed without a failure.
    /// </summary>
    public Task Faulted => faulted.Task;

    /// <summary>Stops the writer for good: no further append is taken, and the loop ends after failing what is queued.</summary>
    /// <returns>True for the first failure, which the caller logs as Critical; later ones are consequences of it.</returns>
    private bool TryStop(Exception cause)
    {
        if (fault is not null)
        {
            return false;
        }

        // Set before completing the queue, so an append refused by the closed queue reports the failure, not a close.
        Volatile.Write(ref fault, cause);
        queue.Writer.TryComplete();
        return true;
    }

    /// <summary>Fails everything staged or queued once the writer has stopped.</summary>
    private void FailPending()
    {
        var error = StoppedError();
        foreach (var request in group)
        {
            request.TrySetException(error);
        }

        group.Clear();
        while (queue.Reader.TryRead(out var request))
        {
            request.TrySetException(error);
        }
    }

    // The cause stays in the log line and as the inner exception: its text (paths, errno) must not reach clients.
    private NeuronException StoppedError() => new(ErrorKind.Unavailable, StoppedMessage, null, fault);
}
