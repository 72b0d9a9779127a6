using NeuronEngine.Counters;
using NeuronEngine.EventLog;

namespace NeuronEngine.Engine.Storage;

/// <summary>A point between two log groups at which the counters were checkpointed.</summary>
/// <param name="LogEnd">The log's end there: every record up to it is on disk (fsynced) and in the counters.</param>
/// <param name="Checkpoint">The counters checkpoint taken there; it covers <paramref name="LogEnd"/>.</param>
/// <param name="IngestPaused">How long appends waited for the checkpoint.</param>
internal sealed record QuietPoint(LogPosition LogEnd, CheckpointInfo Checkpoint, TimeSpan IngestPaused);
