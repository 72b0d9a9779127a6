namespace NeuronEngine.Registry.Redis;

public sealed partial class RedisBlobStore
{
    /// <summary>
    /// The blob's Lua scripts. Each names every key it touches, and all of them share the blob's hash tag, so each runs
    /// atomically on the one node that holds the blob.
    /// </summary>
    private static class Scripts
    {
        /// <summary>KEYS: meta, chunk. ARGV: bytes, time to live (ms). 1 written; 0 the blob is already committed.</summary>
        public const string WriteChunk = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

        /// <summary>
        /// KEYS: meta, then every chunk in order. ARGV: length, chunk size, sha256. Makes the chunks permanent and writes
        /// the meta, together. 1 committed (now or before); 0 a chunk is missing (expired), nothing written.
        /// </summary>
        public const string Commit = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 1 end
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 0 then return 0 end
            end
            for i = 2, #KEYS do
              redis.call('PERSIST', KEYS[i])
            end
            redis.call('HSET', KEYS[1], 'length', ARGV[1], 'chunks', #KEYS - 1, 'chunk', ARGV[2], 'sha256', ARGV[3])
            return 1
            """;

        /// <summary>KEYS: meta, holders. ARGV: holder. 1 held; 0 the blob is not (or no longer) stored.</summary>
        public const string Hold = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('SADD', KEYS[2], ARGV[1])
            return 1
            """;

        /// <summary>
        /// KEYS: meta, holders, then every chunk. ARGV: a holder to release first ('' for none), and whether to keep the
        /// blob while others hold it ('1'). 1 removed; 2 there was no committed blob (leftovers removed); 0 kept (still
        /// held); -1 the chunk keys given are not the blob's, nothing removed.
        /// </summary>
        public const string Remove = """
            if ARGV[1] ~= '' then redis.call('SREM', KEYS[2], ARGV[1]) end
            if ARGV[2] == '1' and redis.call('SCARD', KEYS[2]) > 0 then return 0 end
            local chunks = redis.call('HGET', KEYS[1], 'chunks')
            if chunks and tonumber(chunks) ~= #KEYS - 2 then return -1 end
            for i = 1, #KEYS do
              redis.call('UNLINK', KEYS[i])
            end
            if chunks then return 1 end
            return 2
            """;
    }
}
