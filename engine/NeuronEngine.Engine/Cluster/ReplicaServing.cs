using System.Collections.Concurrent;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// This replica's side of the heartbeat: what it serves (the model host's endpoints), the loads that failed here and
/// when to try them again, the promotions it runs, whether it is ready; and the one writer of its record.
/// </summary>
/// <remarks>Thread-safe: promotions, the sync loop and the heartbeat loop all use it.</remarks>
internal sealed class ReplicaServing(RedisCluster cluster, ClusterReplicas replicas, ModelHost host, IListenAddresses listening, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), LoadFailure> failures = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private int promoting;
    private volatile bool ready;

    public string Id => cluster.ReplicaId;

    public DateTimeOffset Started { get; } = time.GetUtcNow();

    /// <summary>Set once every promoted version was loaded at start and the first sync ran: the replica takes traffic.</summary>
    public bool Ready => ready;

    /// <summary>Promotions running on this replica now.</summary>
    public int Promoting => Volatile.Read(ref promoting);

    /// <summary>True when a failed load is due to be tried again.</summary>
    public bool AnyRetryDue
    {
        get
        {
            var now = time.GetUtcNow();
            return failures.Values.Any(f => f.RetryAt <= now);
        }
    }

    public void MarkReady() => ready = true;

    /// <summary>Counts a promotion as running until the result is disposed.</summary>
    public IDisposable BeginPromoting()
    {
        Interlocked.Increment(ref promoting);
        return new PromotingScope(this);
    }

    /// <summary>The endpoint serves what the registry records: forget its failure.</summary>
    public void Loaded(string tenant, string endpoint) => failures.TryRemove((tenant, endpoint), out _);

    /// <summary>
    /// Loading <paramref name="version"/> on the endpoint failed: report it in the heartbeat and try again later, after
    /// twice as long each time it fails again (from one heartbeat interval, up to five minutes).
    /// </summary>
    public void LoadFailed(string tenant, string endpoint, VersionRef version, string error)
    {
        var now = time.GetUtcNow();
        var message = $"cannot load {version}: {error}";
        failures.AddOrUpdate(
            (tenant, endpoint),
            _ => new LoadFailure(version, message, 1, now + RetryDelay(1)),
            (_, old) =>
            {
                var attempts = old.Version == version ? old.Attempts + 1 : 1;
                return new LoadFailure(version, message, attempts, now + RetryDelay(attempts));
            });
    }

    /// <summary>Whether a load of <paramref name="version"/> on the endpoint may be tried now (it never failed, or its wait is over).</summary>
    public bool RetryDue(string tenant, string endpoint, VersionRef version) =>
        !failures.TryGetValue((tenant, endpoint), out var failure) || failure.Version != version || failure.RetryAt <= time.GetUtcNow();

    /// <summary>Forgets the failures of endpoints the registry no longer has serving anything.</summary>
    public void Retain(IReadOnlySet<(string Tenant, string Endpoint)> serving)
    {
        foreach (var key in failures.Keys)
        {
            if (!serving.Contains(key))
            {
                failures.TryRemove(key, out _);
            }
        }
    }

    /// <summary>This replica's record as of now.</summary>
    public ReplicaRecord Snapshot()
    {
        var entries = new Dictionary<(string Tenant, string Endpoint), ReplicaEndpoint>();
        foreach (var (tenant, endpoint, version) in host.Served)
        {
            entries[(tenant, endpoint)] = new ReplicaEndpoint(tenant, endpoint, version.OwnerTenant, version.Family, version.Version, null);
        }

        foreach (var (key, failure) in failures)
        {
            entries[key] = entries.TryGetValue(key, out var served)
                ? served with { Error = failure.Message }
                : new ReplicaEndpoint(key.Tenant, key.Endpoint, null, null, 0, failure.Message);
        }

        return new ReplicaRecord(
            Id, [.. listening.Addresses], Started, time.GetUtcNow(), Ready, Promoting,
            [.. entries.Values.OrderBy(e => e.Tenant, StringComparer.Ordinal).ThenBy(e => e.Endpoint, StringComparer.Ordinal)]);
    }

    /// <summary>Writes this replica's record now. Throws when Redis cannot be reached.</summary>
    public async Task BeatAsync()
    {
        // One writer at a time, each writing what is true when it writes: an older snapshot never lands last.
        await writing.WaitAsync();
        try
        {
            await replicas.WriteAsync(Snapshot());
        }
        finally
        {
            writing.Release();
        }
    }

    public void Dispose() => writing.Dispose();

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = cluster.Options.HeartbeatInterval * Math.Pow(2, Math.Min(attempts - 1, 16));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private sealed record LoadFailure(VersionRef Version, string Message, int Attempts, DateTimeOffset RetryAt);

    private sealed class PromotingScope(ReplicaServing owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.promoting);
            }
        }
    }
}
