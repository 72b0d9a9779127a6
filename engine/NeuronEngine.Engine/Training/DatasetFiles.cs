using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster.Artifacts;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Uploaded datasets on disk: <c>&lt;data-dir&gt;/datasets/&lt;tenant&gt;/&lt;dataset id&gt;-&lt;suffix&gt;.jsonl</c>. An upload is
/// written to a <c>.uploading</c> file beside them first and renamed into place only once every line has passed.
/// </summary>
/// <remarks>
/// In cluster mode (<paramref name="blobs"/> set) the files are a cache: each is also stored in Redis as the blob its
/// SHA-256 names (<see cref="PublishAsync"/>), held for its record, and a replica that lacks it fetches it from there
/// (<see cref="LocalPathAsync"/>).
/// </remarks>
internal sealed class DatasetFiles(IOptions<EngineOptions> options, IFileSync sync, ClusterBlobs? blobs = null)
{
    private const string StagingExtension = ".uploading";

    public string Root { get; } = Path.GetFullPath(Path.Combine(options.Value.DataDir, "datasets"));

    /// <summary>The absolute path of a recorded dataset, from its path relative to <see cref="Root"/>.</summary>
    public string PathFor(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>A fresh staging file for <paramref name="tenant"/>, its folder created.</summary>
    public string NewStagingFile(string tenant)
    {
        var folder = Path.Combine(Root, tenant);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Guid.NewGuid():N}{StagingExtension}");
    }

    /// <summary>
    /// Renames a checked staging file into place, durably (the file and the folders naming it synced before this returns,
    /// so the record the caller commits next never points at a file a power loss took); returns its path relative to
    /// <see cref="Root"/>.
    /// </summary>
    public string Place(string staging, string tenant, string datasetId)
    {
        // The suffix keeps a new upload of a deleted id clear of a file whose deletion failed.
        var relative = Path.Combine(tenant, $"{datasetId}-{Guid.NewGuid().ToString("N")[..8]}.jsonl");
        var target = PathFor(relative);

        // Durable before the caller records it: the contents, the name in the tenant's folder, and that folder's name
        // (made by the first upload) in the datasets folder.
        sync.SyncFile(staging);
        File.Move(staging, target);
        sync.SyncDirectory(Path.GetDirectoryName(target)!);
        sync.SyncDirectory(Root);
        return relative;
    }

    /// <summary>
    /// Cluster mode: stores a placed dataset file in Redis as blob <paramref name="sha256"/> (the hash measured as it
    /// arrived), held for its record, before the record is committed, so every recorded dataset can be fetched by any
    /// replica. Does nothing on one node.
    /// </summary>
    /// <exception cref="NeuronException">Unavailable when Redis cannot be reached or refuses the bytes.</exception>
    public async Task PublishAsync(string relativePath, string sha256, CancellationToken cancellationToken)
    {
        if (blobs is not null)
        {
            await blobs.PutFileAndHoldAsync(PathFor(relativePath), sha256, Holder(relativePath), cancellationToken);
        }
    }

    /// <summary>
    /// The absolute path of a recorded dataset. In cluster mode a file this replica lacks (another one took the upload)
    /// is fetched from Redis first, checked against the record's SHA-256 and renamed into place durably; on one node this
    /// is <see cref="PathFor"/>.
    /// </summary>
    /// <exception cref="NeuronException">DataLoss naming the dataset when its blob is missing or corrupt; Unavailable when Redis cannot be reached.</exception>
    public async Task<string> LocalPathAsync(UploadedDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var path = PathFor(dataset.Path);
        if (blobs is null || File.Exists(path))
        {
            return path;
        }

        var folder = Path.GetDirectoryName(path)!;
        var staging = NewStagingFile(Path.GetFileName(folder));
        try
        {
            await blobs.GetFileAsync(dataset.Sha256, staging, $"dataset \"{dataset.DatasetId}\"", cancellationToken);
            sync.SyncFile(staging);
            // Two runs needing the file at once both fetch it; the bytes are the same, so the later rename may replace.
            File.Move(staging, path, overwrite: true);
            sync.SyncDirectory(folder);
            sync.SyncDirectory(Root);
            return path;
        }
        finally
        {
            Discard(staging);
        }
    }

    /// <summary>
    /// Deletes a dataset's file, and in cluster mode gives up its record's hold on the blob (deleting the blob unless
    /// another dataset of the same bytes holds it). Both best effort: the record, already deleted, is what counts; what
    /// cannot be deleted now is left for the operator.
    /// </summary>
    public async Task DeleteAsync(string relativePath, string sha256)
    {
        Delete(relativePath);
        if (blobs is not null)
        {
            await blobs.ReleaseAsync(sha256, Holder(relativePath));
        }
    }

    /// <summary>Who holds a dataset's blob: its record, named by its file (unique per upload, suffix included).</summary>
    private static string Holder(string relativePath) => "dataset:" + relativePath.Replace('\\', '/');

    /// <summary>Deletes a dataset's file; a file that cannot be deleted now is left for the operator (the record is what counts).</summary>
    public void Delete(string relativePath)
    {
        try
        {
            File.Delete(PathFor(relativePath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static void Discard(string staging)
    {
        if (File.Exists(staging))
        {
            File.Delete(staging);
        }
    }

    /// <summary>Deletes uploads a crash or kill left half-written; called at start, before anything uploads.</summary>
    public void CleanStaging()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(Root, "*" + StagingExtension, SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// How many distinct (user, item) pairs appear in both files: an eval set must not test what training saw. Both files
    /// passed every line's check at upload.
    /// </summary>
    /// <remarks>
    /// Memory is bounded by the smaller file: its pairs go in a set (as <see cref="IdFingerprint"/>s, not strings) and
    /// the larger one is streamed past it; a pair found is taken out, so each shared pair counts once.
    /// </remarks>
    public async Task<long> CountSharedPairsAsync(UploadedDataset train, UploadedDataset eval, CancellationToken cancellationToken)
    {
        var trainPath = await LocalPathAsync(train, cancellationToken);
        var evalPath = await LocalPathAsync(eval, cancellationToken);
        var (small, large) = new FileInfo(trainPath).Length <= new FileInfo(evalPath).Length
            ? (trainPath, evalPath)
            : (evalPath, trainPath);
        var pairs = new HashSet<UInt128>();
        await foreach (var line in ReadAsync(small, cancellationToken))
        {
            pairs.Add(IdFingerprint.Of(line.UserId, line.ItemId));
        }

        var shared = 0L;
        await foreach (var line in ReadAsync(large, cancellationToken))
        {
            if (pairs.Remove(IdFingerprint.Of(line.UserId, line.ItemId)))
            {
                shared++;
            }
        }

        return shared;
    }

    /// <summary>Every non-blank line parsed; the first bad one throws InvalidArgument naming <c>line N</c> (1-based, blank lines counted).</summary>
    public static async IAsyncEnumerable<DatasetLine> ReadAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var number = 0L;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return DatasetLine.Parse(text, $"line {number}");
            }
        }
    }
}
