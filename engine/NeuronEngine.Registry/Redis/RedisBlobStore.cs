using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

/// <summary>
/// Content-addressed blobs in Redis (cluster mode: model artifacts and uploaded datasets), named by the SHA-256 of
/// their bytes and stored in chunks, so no replica needs a shared file system and none holds a whole blob in memory.
/// </summary>
/// <remarks>
/// <para>Keys: every key of one blob carries the hash tag <c>{prefix:blob:&lt;sha256&gt;}</c>, so a blob's keys share a
/// slot (its scripts may touch them together) while different blobs spread over a Redis Cluster. <c>…:chunk:N</c>
/// holds the N-th chunk (a string of <see cref="ChunkBytes"/>, the last one shorter); <c>…:meta</c>, a hash of
/// <c>length</c>, <c>chunks</c>, <c>chunk</c> and <c>sha256</c>, is the commit record, written last; <c>…:holders</c>
/// is the set of names that keep the blob (<see cref="HoldAsync"/>).</para>
/// <para>A blob exists only once its meta exists. Chunks are written with a time to live (<see cref="PendingTtl"/>) that
/// the commit removes in the same script that writes the meta, so a put that dies half-way leaves nothing that is
/// read as a blob and nothing that stays. Two puts of the same bytes may run at once: they write the same chunks,
/// the first commit wins and the other stops at its next chunk.</para>
/// <para>A failure to reach Redis (or a refusal such as <c>OOM</c> past <c>maxmemory</c>) is
/// <see cref="ErrorKind.Unavailable"/>; a blob whose stored bytes do not hash to its name, or that misses a chunk, is
/// <see cref="ErrorKind.DataLoss"/> naming it. Thread-safe.</para>
/// </remarks>
public sealed partial class RedisBlobStore
{
    /// <summary>The chunk size: large enough that a blob is few keys, small enough not to hold the connection long.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>How many chunks a put or a get keeps in flight (and so in memory) at once.</summary>
    private const int Window = 4;

    private readonly IConnectionMultiplexer connection;

    /// <param name="connection">A multiplexer; owned by the caller.</param>
    /// <param name="prefix">The cluster's key prefix (<c>Cluster:KeyPrefix</c>); no braces.</param>
    /// <param name="chunkBytes">The size of every chunk but a blob's last; tests use small ones.</param>
    /// <param name="pendingTtl">How long the chunks of a put that never commits stay. Default one hour; longer than any put takes.</param>
    public RedisBlobStore(IConnectionMultiplexer connection, string prefix, int chunkBytes = DefaultChunkBytes, TimeSpan? pendingTtl = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("a key prefix must not hold braces: they would change the hash tag", nameof(prefix));
        }

        this.connection = connection;
        Prefix = prefix;
        ChunkBytes = chunkBytes;
        PendingTtl = pendingTtl ?? TimeSpan.FromHours(1);
    }

    public string Prefix { get; }

    public int ChunkBytes { get; }

    public TimeSpan PendingTtl { get; }

    private IDatabase Database => connection.GetDatabase();

    /// <summary>Whether <paramref name="id"/> is a blob id: a SHA-256 as 64 lower-case hex digits.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 64 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The key of one part of a blob: <c>{prefix:blob:id}:part</c>.</summary>
    public RedisKey Key(string id, string part) => $"{{{Prefix}:blob:{id}}}:{part}";

    /// <summary>The key of a blob's <paramref name="index"/>-th chunk.</summary>
    public RedisKey ChunkKey(string id, long index) => Key(id, string.Create(CultureInfo.InvariantCulture, $"chunk:{index}"));

    /// <summary>
    /// Stores <paramref name="content"/> (from its current position to its end) and returns its id, the SHA-256 of those
    /// bytes as lower-case hex. Storing bytes already stored does nothing more and returns the same id.
    /// </summary>
    /// <remarks>
    /// The id must be known before the first chunk is written, so the content is read twice: a seekable stream is
    /// hashed, rewound and sent (and hashed again, so a file changed in between is refused rather than stored under
    /// the wrong name); any other stream is first copied to a temporary file. Memory stays at a few chunks.
    /// </remarks>
    /// <exception cref="NeuronException">Unavailable when Redis cannot be reached or refuses the write.</exception>
    public async Task<string> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            await content.CopyToAsync(spool, cancellationToken);
            spool.Position = 0;
            return await PutAsync(spool, cancellationToken);
        }

        var start = content.Position;
        var (id, length) = await HashAsync(content, cancellationToken);
        try
        {
            if (await Database.KeyExistsAsync(Key(id, "meta")))
            {
                return id;
            }

            content.Position = start;
            if (await WriteChunksAsync(id, content, length, cancellationToken))
            {
                await CommitAsync(id, length);
            }

            return id;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    /// <summary>Whether the blob is stored (committed).</summary>
    public async Task<bool> ExistsAsync(string id)
    {
        RequireId(id);
        try
        {
            return await Database.KeyExistsAsync(Key(id, "meta"));
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    private static async Task<(string Id, long Length)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long length = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes every chunk, a few in flight; false when another put committed the blob meanwhile.</summary>
    private async Task<bool> WriteChunksAsync(string id, Stream content, long length, CancellationToken cancellationToken)
    {
        var meta = Key(id, "meta");
        var ttl = (long)PendingTtl.TotalMilliseconds;
        var inFlight = new Queue<(Task<RedisResult> Write, byte[] Buffer)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var committedByOther = false;
        try
        {
            for (long index = 0, offset = 0; offset < length && !committedByOther; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = (int)Math.Min(ChunkBytes, length - offset);
                var buffer = ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    await content.ReadExactlyAsync(buffer.AsMemory(0, size), cancellationToken);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                hash.AppendData(buffer, 0, size);
                var write = Database.ScriptEvaluateAsync(Scripts.WriteChunk, [meta, ChunkKey(id, index)], [buffer.AsMemory(0, size), ttl]);
                inFlight.Enqueue((write, buffer));
                offset += size;
                if (inFlight.Count >= Window)
                {
                    committedByOther = await CompleteOldestAsync(inFlight);
                }
            }

            while (inFlight.Count > 0)
            {
                committedByOther |= await CompleteOldestAsync(inFlight);
            }
        }
        finally
        {
            // On a failure the writes still queued must finish before their buffers go back to the pool.
            while (inFlight.TryDequeue(out var pending))
            {
                await pending.Write.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                ArrayPool<byte>.Shared.Return(pending.Buffer);
            }
        }

        if (!committedByOther && Convert.ToHexStringLower(hash.GetHashAndReset()) != id)
        {
            throw new NeuronException($"the content changed while it was stored as blob {id}; nothing was committed");
        }

        return !committedByOther;
    }

    /// <summary>Awaits the oldest write and frees its buffer; true when it found the blob already committed.</summary>
    private static async Task<bool> CompleteOldestAsync(Queue<(Task<RedisResult> Write, byte[] Buffer)> inFlight)
    {
        var (write, buffer) = inFlight.Peek();
        try
        {
            return (long)await write == 0;
        }
        finally
        {
            inFlight.Dequeue();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CommitAsync(string id, long length)
    {
        var chunks = ChunkCount(length);
        var keys = new RedisKey[chunks + 1];
        keys[0] = Key(id, "meta");
        for (var i = 0; i < chunks; i++)
        {
            keys[i + 1] = ChunkKey(id, i);
        }

        var committed = (long)await Database.ScriptEvaluateAsync(Scripts.Commit, keys, [length, ChunkBytes, id]);
        if (committed == 0)
        {
            throw NeuronException.Unavailable($"a chunk of blob {id} expired or was removed before the blob was committed; store it again");
        }
    }

    private long ChunkCount(long length) => (length + ChunkBytes - 1) / ChunkBytes;

    private static void RequireId(string id)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"\"{id}\" is not a blob id (a SHA-256 as 64 lower-case hex digits)", nameof(id));
        }
    }
}
