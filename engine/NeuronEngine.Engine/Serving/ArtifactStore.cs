using System.Globalization;
using System.IO.Compression;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Engine.Cluster.Artifacts;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Serving;

/// <summary>
/// Model artifacts on disk: <c>&lt;data-dir&gt;/models/&lt;owner tenant&gt;/&lt;family&gt;/&lt;version&gt;/</c>. Uploads are
/// streamed to a staging folder first, unpacked and checked there, and moved into place only once registered.
/// </summary>
/// <remarks>
/// In cluster mode (<paramref name="blobs"/> set) the folders are a cache: a version's artifact is also stored in Redis
/// before it is registered (<see cref="PublishAsync"/>), and a replica that lacks the folder fetches it from there
/// (<see cref="FetchAsync"/>).
/// </remarks>
internal sealed class ArtifactStore(IOptions<EngineOptions> options, IFileSync sync, IOptions<LimitsOptions>? limits = null, ClusterBlobs? blobs = null)
{
    private readonly int maxManifestBytes = (limits?.Value ?? new LimitsOptions()).MaxManifestBytes;

    private const string StagingFolder = ".staging";

    private static readonly HashSet<string> ContractFiles = [.. ArtifactArchive.Files];

    public string Root { get; } = Path.GetFullPath(Path.Combine(options.Value.DataDir, "models"));

    /// <summary>The folder of a registered artifact, from its registry path.</summary>
    public string PathFor(string artifactPath) => Path.Combine(Root, artifactPath);

    /// <summary>Streams the upload's chunks into a staging folder and unpacks it; returns the folder and the bytes received.</summary>
    /// <param name="chunks">The archive's bytes in order; each chunk is written before the next is asked for.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public async Task<(string Directory, long Bytes)> StageAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Root, StagingFolder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        var archive = staging + ".zip";
        long bytes = 0;
        try
        {
            await using (var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await foreach (var chunk in chunks.WithCancellation(cancellationToken))
                {
                    bytes += chunk.Length;
                    if (bytes > options.Value.MaxArtifactBytes)
                    {
                        NeuronException.ThrowInvalidArgument("chunk", $"the artifact is larger than {options.Value.MaxArtifactBytes} bytes (Engine:MaxArtifactBytes)");
                    }

                    await file.WriteAsync(chunk, cancellationToken);
                }
            }

            if (bytes == 0)
            {
                NeuronException.ThrowInvalidArgument("chunk", "the upload carried no artifact bytes");
            }

            await UnpackAsync(archive, staging, cancellationToken);
            if (ManifestTooLarge(staging) is { } tooLarge)
            {
                NeuronException.ThrowInvalidArgument("artifact", tooLarge);
            }

            return (staging, bytes);
        }
        catch
        {
            Discard(staging);
            throw;
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>
    /// Why the artifact in <paramref name="directory"/> is refused for its manifest's size (<c>manifest.json</c> past
    /// <see cref="LimitsOptions.MaxManifestBytes"/>), or null when it is within it or missing (the contract check reports
    /// a missing one). Checked before the loader reads the manifest whole.
    /// </summary>
    public string? ManifestTooLarge(string directory)
    {
        var manifest = new FileInfo(Path.Combine(directory, ModelContract.ManifestFile));
        return manifest.Exists && manifest.Length > maxManifestBytes
            ? string.Create(CultureInfo.InvariantCulture,
                $"{ModelContract.ManifestFile} is {manifest.Length} bytes, more than {LimitsOptions.Key(nameof(LimitsOptions.MaxManifestBytes))} ({maxManifestBytes})")
            : null;
    }

    /// <summary>A fresh staging folder path (not created; its parent is) for an artifact arriving by other means than an upload.</summary>
    public string NewStagingDirectory()
    {
        var parent = Path.Combine(Root, StagingFolder);
        Directory.CreateDirectory(parent);
        return Path.Combine(parent, Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// Moves a checked staging folder to its registered place (replacing leftovers of a failed attempt), durably: the
    /// files, the folder and the folders that name it are synced before this returns, and the registry commits the
    /// version only after it returns, so a registered version never points at files a power loss took.
    /// </summary>
    public void Place(string staging, string artifactPath) => PlaceAt(staging, PathFor(artifactPath));

    /// <summary>
    /// Cluster mode: packs a checked staging folder into the archive <c>RegisterVersion</c> takes and stores it in Redis,
    /// before the version is registered; returns its blob id for <see cref="Registry.Models.VersionRegistration.ArtifactId"/>.
    /// On one node returns null and touches nothing: the folder is the artifact.
    /// </summary>
    /// <exception cref="NeuronException">Unavailable when Redis cannot be reached or refuses the bytes (<c>maxmemory</c>).</exception>
    public async Task<string?> PublishAsync(string staging, CancellationToken cancellationToken)
    {
        if (blobs is null)
        {
            return null;
        }

        var archive = staging + ".zip";
        try
        {
            await ArtifactArchive.WriteAsync(staging, archive, cancellationToken);
            return await blobs.PutFileAsync(archive, "an artifact", cancellationToken);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>
    /// Cluster mode: puts the artifact stored as blob <paramref name="artifactId"/> at <paramref name="directory"/> (a
    /// registered version's folder, <see cref="PathFor"/>): fetched and checked against its SHA-256, unpacked with an
    /// upload's checks into staging, then placed as <see cref="Place"/> places. A failure leaves nothing behind.
    /// </summary>
    /// <param name="artifactId">The blob: the version's <see cref="Registry.Models.RegisteredVersion.ArtifactId"/>.</param>
    /// <param name="directory">Where the version's folder belongs, inside <see cref="Root"/>.</param>
    /// <param name="what">Names the artifact in errors and the log (<c>the artifact of acme/recs/v3</c>).</param>
    /// <param name="cancellationToken">Stops the fetch; nothing is placed.</param>
    /// <exception cref="NeuronException">DataLoss naming <paramref name="what"/> when the blob is missing, corrupt or not an
    /// artifact archive; Unavailable when Redis cannot be reached.</exception>
    public async Task FetchAsync(string artifactId, string directory, string what, CancellationToken cancellationToken)
    {
        if (blobs is null)
        {
            throw new InvalidOperationException("artifacts are fetched from Redis only in cluster mode");
        }

        var target = Path.GetFullPath(directory);
        if (!target.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{directory} is not inside the models directory {Root}", nameof(directory));
        }

        var staging = NewStagingDirectory();
        Directory.CreateDirectory(staging);
        var archive = staging + ".zip";
        try
        {
            await blobs.GetFileAsync(artifactId, archive, what, cancellationToken);
            try
            {
                await UnpackAsync(archive, staging, cancellationToken);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument)
            {
                throw NeuronException.DataLoss($"{what} (blob {artifactId}) is not an artifact this replica accepts: {ex.Rule}", ex);
            }

            PlaceAt(staging, target);
        }
        catch
        {
            Discard(staging);
            throw;
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private void PlaceAt(string staging, string target)
    {
        foreach (var file in Directory.EnumerateFiles(staging))
        {
            sync.SyncFile(file);
        }

        sync.SyncDirectory(staging);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        // <models>/<owner>/<family>/<version>: every folder made on the way must be named durably in its parent too.
        var family = Path.GetDirectoryName(target)!;
        var created = MissingFolders(family);
        Directory.CreateDirectory(family);
        Directory.Move(staging, target);
        sync.SyncDirectory(family);
        foreach (var folder in created)
        {
            sync.SyncDirectory(Path.GetDirectoryName(folder)!);
        }
    }

    /// <summary>The folders of <paramref name="path"/> that do not exist yet, deepest first, up to <see cref="Root"/>.</summary>
    private List<string> MissingFolders(string path)
    {
        var missing = new List<string>();
        for (var folder = path; !Directory.Exists(folder) && folder.Length > Root.Length; folder = Path.GetDirectoryName(folder)!)
        {
            missing.Add(folder);
        }

        return missing;
    }

    public static void Discard(string staging)
    {
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Deletes what uploads left in the staging folder (a crash or kill mid-upload leaves a folder and a zip behind);
    /// called at start, before anything stages.
    /// </summary>
    public void CleanStaging()
    {
        var staging = Path.Combine(Root, StagingFolder);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Unpacks the contract files, counting the bytes actually decompressed (an entry's declared length is the
    /// uploader's word) so a small archive cannot fill the disk.
    /// </summary>
    private async Task UnpackAsync(string archive, string staging, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxArtifactBytes;
        var written = 0L;
        var buffer = new byte[1 << 16];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(archive);
            foreach (var entry in zip.Entries)
            {
                if (!ContractFiles.Contains(entry.FullName))
                {
                    NeuronException.ThrowInvalidArgument("chunk", $"the artifact holds \"{entry.FullName}\"; only {string.Join(", ", ContractFiles)} at the archive's root are allowed");
                }

                if (!seen.Add(entry.FullName))
                {
                    NeuronException.ThrowInvalidArgument("chunk", $"the artifact holds \"{entry.FullName}\" more than once");
                }

                await using var source = entry.Open();
                await using var target = new FileStream(Path.Combine(staging, entry.FullName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    if (written > limit)
                    {
                        NeuronException.ThrowInvalidArgument("chunk", $"the artifact unpacks to more than {limit} bytes (Engine:MaxArtifactBytes)");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw NeuronException.InvalidArgument("chunk", $"the artifact is not a readable zip archive ({ex.Message})");
        }
    }
}
