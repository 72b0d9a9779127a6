namespace NeuronEngine.Engine.Backup;

/// <summary>A finished backup.</summary>
/// <param name="Directory">Its folder (absolute).</param>
/// <param name="LogPosition">It holds every event up to this log position, and its counters checkpoint covers exactly that.</param>
/// <param name="Bytes">Bytes written, manifest included.</param>
/// <param name="Files">Files written, manifest included.</param>
/// <param name="ModelVersions">Model versions whose artifacts it holds.</param>
/// <param name="Duration">From the request to the finished folder.</param>
/// <param name="IngestPaused">How long appends waited (the checkpoint at the recorded position).</param>
/// <param name="Created">When the position was recorded.</param>
/// <param name="Pruned">Older backups deleted after it to keep <c>Limits:BackupsKept</c>, by name, oldest first.</param>
internal sealed record BackupResult(
    string Directory, long LogPosition, long Bytes, int Files, int ModelVersions, TimeSpan Duration, TimeSpan IngestPaused, DateTimeOffset Created,
    IReadOnlyList<string> Pruned);
