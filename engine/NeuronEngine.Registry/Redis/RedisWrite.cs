using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

/// <summary>
/// One attempt of a <see cref="RedisControlPlane.Transact{T}"/>: reads go to Redis at once, writes are queued and
/// commit together at the end, or not at all.
/// </summary>
/// <remarks>
/// The queue methods return nothing on purpose: a queued command's task completes only after the commit, so a body
/// that awaited one would wait forever. Use <see cref="Queue"/> for a command these do not cover, without awaiting it.
/// </remarks>
public sealed class RedisWrite
{
    internal RedisWrite(IDatabase read, ITransaction queue)
    {
        Read = read;
        Queue = queue;
    }

    /// <summary>Reads, at once. Read before deciding; what was read is checked again at the commit.</summary>
    public IDatabase Read { get; }

    /// <summary>The transaction the writes go into. Never await its tasks inside the body.</summary>
    public ITransaction Queue { get; }

    /// <summary>How many writes are queued; a body that queued none commits nothing.</summary>
    public int Count { get; private set; }

    public void StringSet(RedisKey key, RedisValue value) => Add(Queue.StringSetAsync(key, value));

    public void KeyDelete(RedisKey key) => Add(Queue.KeyDeleteAsync(key));

    public void HashSet(RedisKey key, RedisValue field, RedisValue value) => Add(Queue.HashSetAsync(key, field, value));

    public void HashSet(RedisKey key, HashEntry[] entries)
    {
        if (entries.Length > 0)
        {
            Add(Queue.HashSetAsync(key, entries));
        }
    }

    public void HashDelete(RedisKey key, RedisValue field) => Add(Queue.HashDeleteAsync(key, field));

    public void HashDelete(RedisKey key, RedisValue[] fields)
    {
        if (fields.Length > 0)
        {
            Add(Queue.HashDeleteAsync(key, fields));
        }
    }

    public void SortedSetAdd(RedisKey key, RedisValue member, double score) => Add(Queue.SortedSetAddAsync(key, member, score));

    public void SortedSetAdd(RedisKey key, SortedSetEntry[] entries)
    {
        if (entries.Length > 0)
        {
            Add(Queue.SortedSetAddAsync(key, entries));
        }
    }

    public void SortedSetRemove(RedisKey key, RedisValue member) => Add(Queue.SortedSetRemoveAsync(key, member));

    public void SortedSetRemove(RedisKey key, RedisValue[] members)
    {
        if (members.Length > 0)
        {
            Add(Queue.SortedSetRemoveAsync(key, members));
        }
    }

    public void SetAdd(RedisKey key, RedisValue member) => Add(Queue.SetAddAsync(key, member));

    public void SetRemove(RedisKey key, RedisValue member) => Add(Queue.SetRemoveAsync(key, member));

    public void ListRightPush(RedisKey key, RedisValue[] values)
    {
        if (values.Length > 0)
        {
            Add(Queue.ListRightPushAsync(key, values));
        }
    }

    public void ListTrim(RedisKey key, long start, long stop) => Add(Queue.ListTrimAsync(key, start, stop));

    /// <summary>Counts a command queued directly on <see cref="Queue"/>, so the transaction commits.</summary>
    public void Add(Task queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        Count++;
    }
}
