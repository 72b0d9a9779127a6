namespace NeuronEngine.EventLog;

/// <summary>Running totals of a writer since it opened; cheap to read for metrics and tests.</summary>
/// <param name="Appends">Append calls the loop processed (admitted or not).</param>
/// <param name="Groups">Group commits that wrote at least one record.</param>
/// <param name="Records">Records written.</param>
/// <param name="Bytes">Record bytes written (headers included), not counting segment headers.</param>
/// <param name="Flushes">fsync calls on segment files.</param>
/// <param name="Segments">Segments created by rolling (not counting the one opened at start).</param>
public readonly record struct EventLogStats(long Appends, long Groups, long Records, long Bytes, long Flushes, long Segments);
