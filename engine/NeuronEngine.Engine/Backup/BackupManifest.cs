namespace NeuronEngine.Engine.Backup;

/// <summary>
/// <c>backup.json</c>: what a backup holds and where it stands. The engine does not read it at start (the folder is
/// simply a data directory); it is for operators and tools checking a backup before they restore it.
/// </summary>
/// <param name="Format">1.</param>
/// <param name="Name">The name the backup was requested under.</param>
/// <param name="Created">When the log position was recorded (UTC).</param>
/// <param name="EngineVersion">The version of the engine that wrote it.</param>
/// <param name="LogPosition">Every event up to this log position is in <c>events/</c>; nothing after it.</param>
/// <param name="CountersCheckpoint">The counters checkpoint in <c>counters/</c>, taken at <paramref name="LogPosition"/>.</param>
/// <param name="RegistrySchemaVersion">The registry's schema version (<c>PRAGMA user_version</c>).</param>
/// <param name="Included">The parts copied: registry.db, events, counters, models.</param>
/// <param name="ModelVersions">The artifact folders copied under <c>models/</c>: every registered version.</param>
/// <param name="IngestPausedMilliseconds">How long ingest waited for the checkpoint.</param>
/// <param name="Files">Every file but this one, with its length and SHA-256.</param>
internal sealed record BackupManifest(
    int Format,
    string Name,
    DateTimeOffset Created,
    string EngineVersion,
    long LogPosition,
    BackupCheckpoint CountersCheckpoint,
    int RegistrySchemaVersion,
    IReadOnlyList<string> Included,
    IReadOnlyList<string> ModelVersions,
    long IngestPausedMilliseconds,
    IReadOnlyList<BackupFile> Files);
