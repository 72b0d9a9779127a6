using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

/// <summary>A completed counters checkpoint.</summary>
/// <param name="Token">FASTER's checkpoint token; also names the metadata files.</param>
/// <param name="Position">The event-log position it covers: replay from here after recovering it.</param>
/// <param name="Sequence">Increases by one per checkpoint; orders checkpoints independently of clocks.</param>
/// <param name="CreatedAt">When it was taken.</param>
public sealed record CheckpointInfo(Guid Token, LogPosition Position, long Sequence, DateTimeOffset CreatedAt);
