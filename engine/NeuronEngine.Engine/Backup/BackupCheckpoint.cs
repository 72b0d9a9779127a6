namespace NeuronEngine.Engine.Backup;

/// <summary>The counters checkpoint a backup holds.</summary>
/// <param name="Token">Its id (the name of its marker under <c>counters/meta</c>).</param>
/// <param name="LogPosition">The log position it covers.</param>
/// <param name="Sequence">Its sequence number.</param>
internal sealed record BackupCheckpoint(string Token, long LogPosition, long Sequence);
