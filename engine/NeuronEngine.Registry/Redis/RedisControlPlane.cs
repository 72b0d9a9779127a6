using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

/// <summary>
/// The control plane's keys in Redis (cluster mode) and the one way they change: an optimistic transaction over a
/// revision counter.
/// </summary>
/// <remarks>
/// <para>Every control-plane key carries the hash tag <c>{prefix}</c>, so all of them live in one hash slot: a change
/// touching several keys (a version and its family's counter, an endpoint and its promotion record, a run and the
/// version it registers) is one MULTI/EXEC, which Redis Cluster allows only within a slot. The control plane is small
/// and written rarely; the event streams, which are neither, are sharded per tenant elsewhere.</para>
/// <para><see cref="Transact{T}"/> reads the revision, runs the body (which reads what it needs and queues its
/// writes), then commits the writes in a MULTI/EXEC watched on the revision and bumps it. A commit that finds the
/// revision moved (another replica wrote in between) runs the body again on fresh reads. So every write transaction
/// is serializable against every other, as SQLite's <c>BEGIN IMMEDIATE</c> made them on one node.</para>
/// </remarks>
public sealed class RedisControlPlane
{
    /// <summary>How many times a transaction is tried before it gives up with UNAVAILABLE.</summary>
    public const int MaxAttempts = 64;

    private readonly RedisKey revision;

    /// <param name="connection">A connected multiplexer; owned by the caller.</param>
    /// <param name="prefix">Names the hash tag and starts every key, so several engines can share one Redis.</param>
    public RedisControlPlane(IConnectionMultiplexer connection, string prefix)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("a key prefix must not hold braces: they would change the hash tag", nameof(prefix));
        }

        Connection = connection;
        Prefix = prefix;
        Database = connection.GetDatabase();
        revision = Key("rev");
    }

    /// <summary>The multiplexer the stores share.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>For reads outside a transaction; a failure to reach Redis should go through <see cref="Read{T}"/>.</summary>
    public IDatabase Database { get; }

    /// <summary>The prefix every key starts with.</summary>
    public string Prefix { get; }

    /// <summary>A control-plane key: <c>{prefix}:name</c>.</summary>
    public RedisKey Key(string name) => $"{{{Prefix}}}:{name}";

    /// <summary>A control-plane key of one tenant: <c>{prefix}:kind:tenant</c>.</summary>
    public RedisKey Key(string kind, string tenant) => $"{{{Prefix}}}:{kind}:{tenant}";

    /// <summary>Runs a read, turning a Redis that cannot be reached into UNAVAILABLE.</summary>
    public T Read<T>(Func<IDatabase, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(Database);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>
    /// Runs an asynchronous read, turning a Redis that cannot be reached into UNAVAILABLE. Hot paths (Track's event
    /// types, the API-key recheck) read this way: a synchronous read blocks a thread-pool thread until Redis answers,
    /// and many at once starve the pool the answers are completed on.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<IDatabase, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read(Database).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one serializable transaction: its reads (through <see cref="RedisWrite.Read"/>)
    /// see one revision of the control plane, and its queued writes commit together, only if nothing else committed
    /// since; otherwise it runs again. A body that queues nothing commits nothing. A <see cref="NeuronException"/> the
    /// body throws ends it with nothing written.
    /// </summary>
    /// <remarks>The body may run several times: it must not have effects outside Redis before it returns.</remarks>
    public T Transact<T>(Func<RedisWrite, T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var seen = (long?)Database.StringGet(revision) ?? 0;
                var transaction = Database.CreateTransaction();
                var write = new RedisWrite(Database, transaction);
                var result = body(write);
                if (write.Count == 0)
                {
                    return result;
                }

                transaction.AddCondition(seen == 0 ? Condition.KeyNotExists(revision) : Condition.StringEqual(revision, seen));
                _ = transaction.StringIncrementAsync(revision);
                if (transaction.Execute())
                {
                    return result;
                }

                if (attempt == MaxAttempts)
                {
                    throw NeuronException.Unavailable($"the control plane in Redis kept changing under this write ({MaxAttempts} attempts); try again");
                }

                // Another replica committed first: back off a little (more each time, with jitter) and read again.
                Thread.Sleep(Random.Shared.Next(0, Math.Min(50, attempt * 2) + 1));
            }
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary><see cref="Transact{T}"/> without a result.</summary>
    public void Transact(Action<RedisWrite> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Transact(write =>
        {
            body(write);
            return true;
        });
    }

    /// <summary>Whether <paramref name="exception"/> says Redis could not be reached or refused to work, as opposed to a bug.</summary>
    public static bool IsUnreachable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or RedisServerException or ObjectDisposedException;

    /// <summary>The UNAVAILABLE a call gets when Redis cannot be reached.</summary>
    public static NeuronException Unreachable(Exception exception) =>
        new(ErrorKind.Unavailable, $"the cluster's Redis cannot be reached or refused the write: {exception.Message}", innerException: exception);
}
