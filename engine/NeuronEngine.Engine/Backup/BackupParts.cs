using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Engine.Storage;

namespace NeuronEngine.Engine.Backup;

/// <summary>
/// Copies each part of the data directory into a backup folder, laid out as a data directory: <c>registry.db</c>,
/// <c>events/</c>, <c>counters/</c>, <c>models/</c>, plus <c>backup.json</c>.
/// </summary>
internal sealed class BackupParts(
    EngineStorage storage,
    RegistryDatabase registry,
    ArtifactStore artifacts,
    IOptions<EventLogOptions> logOptions,
    IOptions<CounterOptions> counterOptions)
{
    public const string ManifestFile = "backup.json";
    private const int SegmentHeaderBytes = 32;
    private const string SegmentExtension = ".seg";

    public static IReadOnlyList<string> Included { get; } = ["registry.db", "events", "counters", "models"];

    public static string EngineVersion { get; } =
        typeof(BackupParts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>What a backup holds besides its files.</summary>
    public sealed record Content(QuietPoint Point, int RegistrySchemaVersion, IReadOnlyList<string> ModelVersions);

    public async Task<Content> CopyAsync(BackupFolder folder, CancellationToken cancellationToken)
    {
        // The checkpoint's files are read while no other checkpoint may delete or extend them; ingest goes on.
        var counters = Path.GetFullPath(counterOptions.Value.Directory);
        var point = await storage.WithFreshCheckpointAsync(
            async (point, token) =>
            {
                // A marker being written is a temp file until renamed; it belongs to no complete checkpoint.
                await folder.CopyTreeAsync(counters, "counters", name => !name.EndsWith(".tmp", StringComparison.Ordinal), token);
                return point;
            },
            cancellationToken);

        await CopyLogAsync(folder, point.LogEnd, cancellationToken);

        var versions = registry.BackupTo(folder.PathOf("registry.db"));
        folder.AddWritten("registry.db");
        foreach (var version in versions)
        {
            var source = artifacts.PathFor(version);
            if (!Directory.Exists(source))
            {
                throw new IOException($"the artifact folder {source} of a registered model version is missing");
            }

            await folder.CopyTreeAsync(source, "models/" + version.Replace(Path.DirectorySeparatorChar, '/'), _ => true, cancellationToken);
        }

        return new Content(point, registry.SchemaVersion, versions);
    }

    public static void WriteManifest(BackupFolder folder, BackupManifest manifest)
    {
        using var stream = new FileStream(folder.PathOf(ManifestFile), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(stream, manifest, BackupJsonContext.Default.BackupManifest);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Copies every segment holding records before <paramref name="end"/>, the last one cut at it. Records before the
    /// position were fsynced before it was recorded and are never rewritten, so the copy needs no lock on the writer.
    /// </summary>
    private async Task CopyLogAsync(BackupFolder folder, LogPosition end, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(logOptions.Value.Directory);
        var segments = Directory.EnumerateFiles(directory, "*" + SegmentExtension)
            .Select(path => (Path: path, Base: ParseBase(path)))
            .Where(s => s.Base is not null && s.Base <= end.Offset)
            .Select(s => (s.Path, Base: s.Base!.Value))
            .OrderBy(s => s.Base)
            .ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            var (path, start) = segments[i];
            var until = i + 1 < segments.Count ? segments[i + 1].Base : end.Offset;
            await folder.CopyAsync(path, "events/" + Path.GetFileName(path), SegmentHeaderBytes + (until - start), cancellationToken);
        }

        if (segments.Count == 0 && end.Offset > 0)
        {
            throw NeuronException.DataLoss($"the event log in {directory} has no segment holding log position {end.Offset}");
        }
    }

    private static long? ParseBase(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
