namespace NeuronEngine.EventLog;

/// <summary>One record read back from the log.</summary>
/// <param name="Position">Where the record starts.</param>
/// <param name="Next">Where the following record starts; pass it as <c>from</c> to resume after this entry.</param>
/// <param name="Batch">The stored batch.</param>
public readonly record struct LogEntry(LogPosition Position, LogPosition Next, EventBatch Batch);
