namespace NeuronEngine.Counters.Checkpoints;

/// <summary>
/// The FASTER checkpoints the next incremental checkpoint builds on: the index checkpoint, the base snapshot
/// its deltas are appended to, and how many checkpoints have been taken since the index one.
/// </summary>
internal sealed record CheckpointChain(Guid IndexToken, Guid LogToken, int SinceFull);
