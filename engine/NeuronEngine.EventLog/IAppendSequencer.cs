namespace NeuronEngine.EventLog;

/// <summary>
/// Hooks the writer calls on its single group-commit loop, in log order. They let a caller keep
/// state that must agree exactly with the log (deduplication, counters) without locks of its own.
/// </summary>
/// <remarks>
/// All three methods run on the writer's loop thread, one at a time, never concurrently.
/// They must not block for long: every pending append waits for them.
/// </remarks>
public interface IAppendSequencer
{
    /// <summary>
    /// Decides what of <paramref name="batch"/> is written, before it is written. Returns the batch to
    /// write (the same instance, or a new one with a subset of the events), or null to write nothing.
    /// </summary>
    EventBatch? Admit(EventBatch batch);

    /// <summary>Called once the group holding <paramref name="batch"/> is durable, for each admitted batch in log order.</summary>
    /// <param name="batch">What was written.</param>
    /// <param name="position">Where its record starts.</param>
    /// <param name="next">Where the next record starts (the log's end after this record).</param>
    void Applied(EventBatch batch, LogPosition position, LogPosition next);

    /// <summary>Called when a group's write or flush failed: these admitted batches are not in the log.</summary>
    void Aborted(IReadOnlyList<EventBatch> batches);
}
