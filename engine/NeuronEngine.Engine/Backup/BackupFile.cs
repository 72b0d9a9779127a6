namespace NeuronEngine.Engine.Backup;

/// <summary>One file of a backup.</summary>
/// <param name="Path">Relative to the backup's folder, with <c>/</c> separators.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">Its SHA-256, lowercase hex.</param>
internal sealed record BackupFile(string Path, long Bytes, string Sha256);
