using System.Diagnostics;
using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Engine.Cluster.Artifacts;

/// <summary>
/// Cluster mode: files to and from the cluster's <see cref="RedisBlobStore"/> (model artifacts packed as archives, and
/// uploaded datasets), each named by its SHA-256. Registered only in cluster mode: on one node nothing asks for it.
/// </summary>
internal sealed partial class ClusterBlobs(RedisBlobStore store, ILogger<ClusterBlobs> logger)
{
    /// <summary>Stores the file and returns its blob id. <paramref name="what"/> names it in the log.</summary>
    public async Task<string> PutFileAsync(string path, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var file = OpenRead(path);
        var id = await store.PutAsync(file, cancellationToken);
        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Stored(logger, what, id, file.Length, milliseconds);
        return id;
    }

    /// <summary>
    /// Stores the file and holds its blob for <paramref name="holder"/> (see <see cref="RedisBlobStore.HoldAsync"/>);
    /// returns the id, which must be <paramref name="expectedId"/> (the SHA-256 the caller measured as the bytes arrived).
    /// </summary>
    public async Task PutFileAndHoldAsync(string path, string expectedId, string holder, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var file = OpenRead(path);
        var id = await store.PutAndHoldAsync(file, holder, cancellationToken);
        if (id != expectedId)
        {
            // The file changed on disk between the upload's hash and this put: the record would name the wrong bytes.
            await ReleaseAsync(id, holder);
            throw NeuronException.DataLoss($"{holder} changed on disk after it was received (SHA-256 {id}, received as {expectedId})");
        }

        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Stored(logger, holder, id, file.Length, milliseconds);
    }

    /// <summary>
    /// Writes the blob to <paramref name="path"/> (a new file), checked against its SHA-256; on any failure the file is
    /// deleted. Throws DataLoss naming <paramref name="what"/> when the blob is missing, incomplete or corrupt.
    /// </summary>
    public async Task<long> GetFileAsync(string id, string path, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            long bytes;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                bytes = await store.GetAsync(id, file, cancellationToken);
            }

            var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Fetched(logger, what, id, bytes, milliseconds);
            return bytes;
        }
        catch (Exception ex)
        {
            File.Delete(path);
            if (ex is NeuronException { Kind: ErrorKind.NotFound or ErrorKind.DataLoss } lost)
            {
                Log.FetchFailed(logger, what, id, lost.Message);
                throw NeuronException.DataLoss($"{what} is not on this replica and cannot be had from Redis: {lost.Message}", lost);
            }

            throw;
        }
    }

    /// <summary>
    /// Gives up <paramref name="holder"/>'s hold on the blob (deleting it when nobody else holds it). Best effort: the
    /// caller's record is already gone, so a failure is logged and leaves the blob in Redis, not the caller failing.
    /// </summary>
    public async Task ReleaseAsync(string id, string holder)
    {
        try
        {
            if (await store.ReleaseAsync(id, holder))
            {
                Log.Deleted(logger, holder, id);
            }
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.Unavailable)
        {
            Log.ReleaseFailed(logger, holder, id, ex.Message);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "BlobStored", Level = LogLevel.Information, Message = "Stored {What} in Redis as blob {BlobId} ({Bytes} bytes, {Milliseconds} ms)")]
        public static partial void Stored(ILogger logger, string what, string blobId, long bytes, long milliseconds);

        [LoggerMessage(EventId = 2, EventName = "BlobFetched", Level = LogLevel.Information, Message = "Fetched {What} from Redis blob {BlobId} into the data directory ({Bytes} bytes, {Milliseconds} ms)")]
        public static partial void Fetched(ILogger logger, string what, string blobId, long bytes, long milliseconds);

        [LoggerMessage(EventId = 3, EventName = "BlobFetchFailed", Level = LogLevel.Error, Message = "Cannot fetch {What} from Redis blob {BlobId}: {Reason}")]
        public static partial void FetchFailed(ILogger logger, string what, string blobId, string reason);

        [LoggerMessage(EventId = 4, EventName = "BlobDeleted", Level = LogLevel.Information, Message = "Deleted Redis blob {BlobId}: {Holder} was its last holder")]
        public static partial void Deleted(ILogger logger, string holder, string blobId);

        [LoggerMessage(EventId = 5, EventName = "BlobReleaseFailed", Level = LogLevel.Warning, Message = "Could not release Redis blob {BlobId} for {Holder}, which is deleted; the blob stays in Redis until deleted by hand: {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string holder, string blobId, string reason);
    }
}
