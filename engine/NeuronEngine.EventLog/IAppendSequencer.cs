namespace NeuronEngine.EventLog;

/// <summary>
/// Hooks the writer calls on its single group-commit loop, in log order. They let a caller keep
/// state that must agree exactly with the log (deduplication, counters) without locks of its own.
/// </summary>
/// <remarks>
/// <para>All three methods run on the writer's loop thread, one at a time, never concurrently.
/// They must not block for long: every pending append waits for them.</para>
/// <para>What a throw means:</para>
/// <list type="bullet">
/// <item><see cref="Admit"/> may throw to refuse one batch, and must then have changed nothing for it (all or
/// nothing). Only that append fails, with the exception as thrown (a <see cref="Core.NeuronException"/> reaches the
/// client; anything else is logged and becomes an internal error); nothing of it is written, and the batches admitted
/// before it in the same group are written as usual. No <see cref="Aborted"/> call follows for it.</item>
/// <item><see cref="Applied"/> and <see cref="Aborted"/> must not throw. If one does, the state beside the log no
/// longer agrees with it, so the writer stops (fail-stop): that append and every later one fail with
/// <see cref="Core.ErrorKind.Unavailable"/>, <see cref="EventLogWriter.IsFaulted"/> turns true and
/// <see cref="EventLogWriter.Faulted"/> completes. Batches whose <see cref="Applied"/> did not run are in the log
/// even though their appends failed; a restart rebuilds the state by replaying the log.</item>
/// </list>
/// </remarks>
public interface IAppendSequencer
{
    /// <summary>
    /// Decides what of <paramref name="batch"/> is written, before it is written. Returns the batch to
    /// write (the same instance, or a new one with a subset of the events), or null to write nothing.
    /// </summary>
    /// <exception cref="Core.NeuronException">To refuse the batch; the caller gets it unchanged.</exception>
    EventBatch? Admit(EventBatch batch);

    /// <summary>Called once the group holding <paramref name="batch"/> is written (and fsynced, under <c>always</c>), for each admitted batch in log order.</summary>
    /// <param name="batch">What was written.</param>
    /// <param name="position">Where its record starts.</param>
    /// <param name="next">Where the next record starts (the log's end after this record).</param>
    void Applied(EventBatch batch, LogPosition position, LogPosition next);

    /// <summary>
    /// Called when admitted batches were not written after all: their group's write failed and was rolled back, or a
    /// batch could not be encoded. Not called after a failed fsync: that stops the writer, and whether the group reached
    /// the disk is unknown. These batches are not in the log.
    /// </summary>
    void Aborted(IReadOnlyList<EventBatch> batches);
}
