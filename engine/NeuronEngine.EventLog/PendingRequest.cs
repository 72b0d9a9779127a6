namespace NeuronEngine.EventLog;

/// <summary>
/// One item on the writer's queue: an append, or an action to run between groups. It is its own completion source
/// so an append costs one allocation besides its task.
/// </summary>
internal sealed class PendingRequest : TaskCompletionSource<AppendResult>
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private int state;

    public PendingRequest(EventBatch? batch, Func<LogPosition, CancellationToken, Task>? exclusive, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Batch = batch;
        Exclusive = exclusive;
        CancellationToken = cancellationToken;
    }

    /// <summary>The batch to append; null for an exclusive action.</summary>
    public EventBatch? Batch { get; }

    public Func<LogPosition, CancellationToken, Task>? Exclusive { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>What the sequencer admitted; set on the loop.</summary>
    public EventBatch? Admitted { get; set; }

    /// <summary>Where the admitted record starts and the next begins; set on the loop.</summary>
    public long Position { get; set; }

    public long Next { get; set; }

    /// <summary>Claims the request for the loop; false when its caller cancelled it first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref state, Started, Queued) == Queued;

    /// <summary>Cancels the request unless the loop has already started it, which then runs to completion.</summary>
    public void TryCancel()
    {
        if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
        {
            TrySetCanceled(CancellationToken);
        }
    }
}
