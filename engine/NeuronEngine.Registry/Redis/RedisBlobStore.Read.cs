using System.Globalization;
using System.Security.Cryptography;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

public sealed partial class RedisBlobStore
{
    /// <summary>
    /// Writes the blob's bytes to <paramref name="destination"/> chunk by chunk and returns how many there were. The
    /// bytes are checked against the blob's SHA-256 only at the end, so the caller writes to a staging file and uses it
    /// only once this returns.
    /// </summary>
    /// <exception cref="NeuronException">NotFound when the blob is not stored (or was never committed); DataLoss naming the
    /// blob when a chunk is missing or the bytes do not hash to its id; Unavailable when Redis cannot be reached.</exception>
    public async Task<long> GetAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        RequireId(id);
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            var (length, chunkBytes, chunks) = await ReadMetaAsync(id);
            var reads = new Queue<Task<Lease<byte>?>>();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                long next = 0;
                for (long index = 0; index < chunks; index++)
                {
                    while (next < chunks && reads.Count < Window)
                    {
                        reads.Enqueue(Database.StringGetLeaseAsync(ChunkKey(id, next++)));
                    }

                    using var chunk = await reads.Dequeue();
                    var expected = index < chunks - 1 ? chunkBytes : length - (index * chunkBytes);
                    if (chunk is null)
                    {
                        throw NeuronException.DataLoss(string.Create(CultureInfo.InvariantCulture, $"blob {id} is missing chunk {index} of {chunks}"));
                    }

                    if (chunk.Length != expected)
                    {
                        throw NeuronException.DataLoss(string.Create(CultureInfo.InvariantCulture,
                            $"chunk {index} of blob {id} is {chunk.Length} bytes, not {expected}"));
                    }

                    hash.AppendData(chunk.Span);
                    cancellationToken.ThrowIfCancellationRequested();
                    await destination.WriteAsync(chunk.Memory, cancellationToken);
                }
            }
            finally
            {
                while (reads.TryDequeue(out var unread))
                {
                    (await unread.ContinueWith(static t => t.IsCompletedSuccessfully ? t.Result : null, CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))?.Dispose();
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != id)
            {
                throw NeuronException.DataLoss($"blob {id} does not match its SHA-256: its stored bytes hash to {actual}");
            }

            return length;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    /// <summary>The committed blob's length, chunk size and chunk count; NotFound without a commit record, DataLoss for one that contradicts itself.</summary>
    private async Task<(long Length, long ChunkBytes, long Chunks)> ReadMetaAsync(string id)
    {
        var fields = (await Database.HashGetAllAsync(Key(id, "meta"))).ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
        if (fields.Count == 0)
        {
            throw NeuronException.NotFound($"blob {id} is not stored");
        }

        if (!Number(fields, "length", out var length) || !Number(fields, "chunk", out var chunkBytes) || !Number(fields, "chunks", out var chunks)
            || chunkBytes < 1 || chunks != (length + chunkBytes - 1) / chunkBytes
            || !fields.TryGetValue("sha256", out var sha) || (string?)sha != id)
        {
            throw NeuronException.DataLoss($"blob {id} has a damaged commit record ({Key(id, "meta")})");
        }

        return (length, chunkBytes, chunks);
    }

    private static bool Number(Dictionary<string, RedisValue> fields, string name, out long value)
    {
        value = 0;
        return fields.TryGetValue(name, out var raw) && raw.TryParse(out value) && value >= 0;
    }
}
