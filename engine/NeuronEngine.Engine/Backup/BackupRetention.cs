using System.Text.Json;

namespace NeuronEngine.Engine.Backup;

/// <summary>
/// Keeps the backup folder to the newest <c>Limits:BackupsKept</c> complete backups: after each backup the oldest beyond
/// that are deleted, never the one just made.
/// </summary>
/// <remarks>
/// Only folders the engine wrote are candidates: a directory (not a link) under the root, not a partial one, holding a
/// <c>backup.json</c> of format 1 that names the folder itself. Age is the manifest's <c>created</c>, not a file time a
/// copy may have changed. A folder that cannot be deleted is logged and left; the backup that triggered it still succeeded.
/// </remarks>
internal static partial class BackupRetention
{
    /// <summary>
    /// Deletes the oldest complete backups under <paramref name="root"/> beyond <paramref name="keep"/> (0: none), counting
    /// <paramref name="made"/>, the folder just written, as one kept; returns the deleted backups' names, oldest first.
    /// </summary>
    public static IReadOnlyList<string> Prune(string root, string made, int keep, ILogger logger)
    {
        if (keep == 0)
        {
            return [];
        }

        var madeName = Path.GetFileName(Path.TrimEndingDirectorySeparator(made));
        var complete = new List<(string Name, string Directory, DateTimeOffset Created)>();
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories())
        {
            if (folder.LinkTarget is null && folder.Name != madeName && !folder.Name.StartsWith(BackupService.PartialPrefix, StringComparison.Ordinal)
                && ReadCreated(folder) is { } created)
            {
                complete.Add((folder.Name, folder.FullName, created));
            }
        }

        var pruned = new List<string>();
        var old = complete.OrderByDescending(b => b.Created).ThenByDescending(b => b.Name, StringComparer.Ordinal).Skip(keep - 1).Reverse();
        foreach (var backup in old)
        {
            try
            {
                Directory.Delete(backup.Directory, recursive: true);
                pruned.Add(backup.Name);
                Log.Pruned(logger, backup.Name, backup.Created, backup.Directory, keep);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.NotPruned(logger, backup.Directory, ex);
            }
        }

        return pruned;
    }

    /// <summary>When the backup in <paramref name="folder"/> was made, or null when the folder is not a complete backup of the engine's.</summary>
    private static DateTimeOffset? ReadCreated(DirectoryInfo folder)
    {
        var manifest = new FileInfo(Path.Combine(folder.FullName, BackupParts.ManifestFile));
        if (!manifest.Exists || manifest.LinkTarget is not null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest.FullName));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var version) && version == 1
                && root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == folder.Name
                && root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.String && created.TryGetDateTimeOffset(out var at)
                ? at
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4, EventName = "BackupPruned", Level = LogLevel.Information, Message = "Backup {Name} (created {Created}) deleted from {Directory}: only the newest {Kept} backups are kept (Limits:BackupsKept)")]
        public static partial void Pruned(ILogger logger, string name, DateTimeOffset created, string directory, int kept);

        [LoggerMessage(EventId = 5, EventName = "BackupNotPruned", Level = LogLevel.Warning, Message = "Could not delete the old backup {Directory} (Limits:BackupsKept); delete it by hand")]
        public static partial void NotPruned(ILogger logger, string directory, Exception exception);
    }
}
