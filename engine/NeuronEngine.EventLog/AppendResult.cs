namespace NeuronEngine.EventLog;

/// <summary>The outcome of <see cref="EventLogWriter.AppendAsync"/>.</summary>
/// <param name="Batch">What was written (the sequencer may have narrowed it), or null when the sequencer admitted nothing.</param>
/// <param name="Position">Where the record starts; when nothing was written, the log's end at that point.</param>
/// <param name="Next">Where the next record starts; equals <paramref name="Position"/> when nothing was written.</param>
public readonly record struct AppendResult(EventBatch? Batch, LogPosition Position, LogPosition Next);
