using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Backup;

/// <summary>
/// Online backups: a consistent copy of the running engine's data directory, written under
/// <see cref="BackupOptions.Directory"/> into a temporary folder that is renamed into place only once complete, so a
/// failed or interrupted backup leaves no folder under its name. One backup runs at a time, another is refused while it
/// runs and until <see cref="LimitsOptions.BackupMinInterval"/> has passed since it started; after each backup the
/// oldest beyond <see cref="LimitsOptions.BackupsKept"/> are deleted (<see cref="BackupGate"/>, <see cref="BackupRetention"/>).
/// </summary>
/// <remarks>
/// Consistency: the log position is recorded, and the counters checkpointed there, in one exclusive section of the
/// log's loop (ingest waits only for that checkpoint). The checkpoint's files are copied while no other checkpoint can
/// run; the log is copied up to the position (records before it never change); the registry by SQLite's online backup
/// API; then the artifacts of every version the registry copy holds. See docs/operations-backup.md.
/// </remarks>
internal sealed partial class BackupService(
    BackupParts parts,
    IOptions<BackupOptions> options,
    IOptions<EngineOptions> engine,
    IOptions<LimitsOptions> limits,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<BackupService> logger,
    Cluster.RedisCluster? cluster = null)
{
    /// <summary>The name prefix of a backup folder still being written.</summary>
    public const string PartialPrefix = ".partial-";

    private readonly BackupGate gate = new(limits.Value.BackupMinInterval, time);

    /// <summary>The folder backups go under.</summary>
    public string Root { get; } = Path.GetFullPath(options.Value.Directory ?? Path.Combine(engine.Value.DataDir, "backups"));

    public async Task<BackupResult> BackupAsync(string name, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            NeuronException.ThrowFailedPrecondition(
                "in cluster mode the events, the control plane and the artifacts live in Redis: back up Redis (its AOF or an RDB snapshot, BGSAVE); a replica's data directory is a cache it rebuilds (docs/operations.md, \"Cluster\")");
        }

        if (!NameRule().IsMatch(name))
        {
            NeuronException.ThrowInvalidArgument("name", $"must match {NameRule()} (letters, digits, '_', '.', '-'; at most 128 characters)");
        }

        var target = Path.Combine(Root, name);
        ThrowIfExists(name, target);
        using (gate.Enter())
        {
            ThrowIfExists(name, target);
            var result = await WriteAsync(name, target, cancellationToken);
            return result with { Pruned = BackupRetention.Prune(Root, target, limits.Value.BackupsKept, logger) };
        }
    }

    private async Task<BackupResult> WriteAsync(string name, string target, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(Root);
        DeleteLeftovers();
        var folder = new BackupFolder(Path.Combine(Root, PartialPrefix + name + "-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(folder.Root);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            var content = await parts.CopyAsync(folder, stop.Token);
            var created = time.GetUtcNow();
            BackupParts.WriteManifest(folder, new BackupManifest(
                1, name, created, BackupParts.EngineVersion, content.Point.LogEnd.Offset,
                new BackupCheckpoint(content.Point.Checkpoint.Token.ToString("N"), content.Point.Checkpoint.Position.Offset, content.Point.Checkpoint.Sequence),
                content.RegistrySchemaVersion, BackupParts.Included, content.ModelVersions,
                (long)content.Point.IngestPaused.TotalMilliseconds, [.. folder.Files]));
            var manifestBytes = new FileInfo(folder.PathOf(BackupParts.ManifestFile)).Length;
            Directory.Move(folder.Root, target);
            var result = new BackupResult(
                target, content.Point.LogEnd.Offset, folder.Bytes + manifestBytes, folder.Files.Count + 1, content.ModelVersions.Count,
                Stopwatch.GetElapsedTime(started), content.Point.IngestPaused, created, []);
            Log.Completed(logger, name, target, result.LogPosition, result.Files, result.Bytes, result.ModelVersions,
                (long)result.Duration.TotalMilliseconds, (long)result.IngestPaused.TotalMilliseconds);
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(folder.Root);
            Log.Failed(logger, name, ex);
            throw NeuronException.FailedPrecondition($"backup \"{name}\" could not be written under {Root}: {ex.Message}; nothing was left behind");
        }
        catch
        {
            TryDelete(folder.Root);
            throw;
        }
    }

    private static void ThrowIfExists(string name, string target)
    {
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw NeuronException.AlreadyExists($"backup \"{name}\" already exists ({target})");
        }
    }

    /// <summary>Folders of backups a crash or kill interrupted; none is in progress, since backups run one at a time.</summary>
    private void DeleteLeftovers()
    {
        foreach (var partial in Directory.EnumerateDirectories(Root, PartialPrefix + "*"))
        {
            TryDelete(partial);
        }
    }

    private void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LeftoverNotDeleted(logger, directory, ex);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRule();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "BackupCompleted", Level = LogLevel.Information, Message = "Backup {Name} written to {Directory}: every event up to log position {LogPosition}, {Files} files, {Bytes} bytes, {ModelVersions} model versions, in {Milliseconds} ms (ingest paused {PausedMilliseconds} ms)")]
        public static partial void Completed(ILogger logger, string name, string directory, long logPosition, int files, long bytes, int modelVersions, long milliseconds, long pausedMilliseconds);

        [LoggerMessage(EventId = 2, EventName = "BackupFailed", Level = LogLevel.Error, Message = "Backup {Name} failed; its partial folder was deleted")]
        public static partial void Failed(ILogger logger, string name, Exception exception);

        [LoggerMessage(EventId = 3, EventName = "BackupLeftoverNotDeleted", Level = LogLevel.Warning, Message = "Could not delete the partial backup folder {Directory}; delete it by hand")]
        public static partial void LeftoverNotDeleted(ILogger logger, string directory, Exception exception);
    }
}
