using System.IO.Compression;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Engine.Cluster.Artifacts;

/// <summary>
/// Packs an artifact folder into the zip archive <c>RegisterVersion</c> takes (the contract files at the archive's root,
/// nothing else), which <see cref="Serving.ArtifactStore"/> unpacks with the same checks an upload gets.
/// </summary>
internal static class ArtifactArchive
{
    /// <summary>The archive's files, in the order written.</summary>
    public static readonly string[] Files = [ModelContract.ManifestFile, ModelContract.VocabularyFile, ModelContract.ModelFile];

    /// <summary>Every entry gets this time, so one artifact always packs to the same bytes (and so the same blob id).</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="archive"/> (a new file) from the contract files of <paramref name="directory"/>; a missing one is left out.</summary>
    public static async Task WriteAsync(string directory, string archive, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var name in Files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            // The model's weights hardly compress, and it is most of the bytes: spend little time trying.
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            entry.LastWriteTime = EntryTime;
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var target = await entry.OpenAsync(cancellationToken);
            await source.CopyToAsync(target, cancellationToken);
        }
    }
}
