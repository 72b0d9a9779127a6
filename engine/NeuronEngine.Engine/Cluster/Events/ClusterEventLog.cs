using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.EventLog;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster.Events;

/// <summary>
/// Cluster mode's durable event log: one Redis stream per tenant, every replica applying every stream to its own
/// counters.
/// </summary>
/// <remarks>
/// <para><b>Append</b> (<see cref="AppendAsync"/>): the counters check the batch could be applied (types and tags
/// limits, on the apply loop), then one Lua script drops the events whose <c>event_id</c> the tenant's dedup buckets
/// already hold, records the others there, appends them as one stream entry and publishes the tenant on the events
/// channel: deduplication is atomic with the append. With <see cref="ClusterOptions.WaitReplicas"/> a <c>WAIT</c>
/// follows. Then the apply loop catches this replica up to the new entry, and only then is the batch acknowledged:
/// the replica that took a Track answers the next Recommend with it.</para>
/// <para><b>Apply</b>: one loop (<c>RunLoopAsync</c>) is the counters' only writer. It reads each tenant's stream
/// after the cursor the counters hold, in stream order, when an append on this replica asks it to, when another
/// replica's append is announced, and every <see cref="ClusterOptions.PollInterval"/> (a lost announcement costs at
/// most that). Every entry is applied once, by every replica, in the same order per tenant, so replicas agree.</para>
/// <para><b>Checkpoints</b> run on the loop too, so each covers exactly the entries applied, and record every stream's
/// cursor; recovery resumes each stream after it. The cursors are also published for trimming.</para>
/// </remarks>
internal sealed partial class ClusterEventLog : IAsyncDisposable
{
    /// <summary>Entries read per XRANGE.</summary>
    private const int ReadCount = 512;

    /// <summary>The entry layout this engine writes and reads (field <c>v</c>); docs/architecture.md, "Cluster mode".</summary>
    public const int EntryFormat = 1;

    // KEYS: 1 stream, 2 this window's dedup bucket, 3 the previous window's, 4 the stream's sequence counter.
    // ARGV: 1 bucket lifetime (s), 2 entry header, 3 channel, 4 tenant, then per event: "=" + event id (or "" for
    // none), its encoding. Returns { entry id or "", indices of the duplicates... }.
    // Reads first, writes after, XADD the first write: Redis refuses only a script's first write when it is out of
    // memory, so either nothing is written or everything is, and no id is recorded before its events are in the
    // stream. The entry's sequence number (field s) is one more than the last entry's: the counter and the stream are
    // one hash tag, persisted together, so a Redis that comes back without entries comes back with the counter
    // before them, and a replica that applied the lost entries sees the numbers go back. Redis 6.2 and newer (no
    // EXPIRE NX).
    private const string AppendScript = """
        local kept, ids, seen, result, n = {}, {}, {}, { '' }, 0
        for i = 5, #ARGV, 2 do
          local id = ARGV[i]
          local fresh = true
          if id ~= '' then
            fresh = not seen[id] and redis.call('HEXISTS', KEYS[2], id) == 0 and redis.call('HEXISTS', KEYS[3], id) == 0
            seen[id] = true
          end
          if fresh then
            n = n + 1
            kept[n] = ARGV[i + 1]
            if id ~= '' then ids[#ids + 1] = id end
          else
            result[#result + 1] = (i - 5) / 2
          end
        end
        if n > 0 then
          local seq = (tonumber(redis.call('GET', KEYS[4])) or 0) + 1
          result[1] = redis.call('XADD', KEYS[1], '*', 'v', '1', 's', seq, 'h', ARGV[2], 'n', n, 'e', table.concat(kept))
          redis.call('SET', KEYS[4], seq)
          for first = 1, #ids, 500 do
            local fields = {}
            for j = first, math.min(first + 499, #ids) do
              fields[#fields + 1] = ids[j]
              fields[#fields + 1] = 1
            end
            redis.call('HSET', KEYS[2], unpack(fields))
          end
          if #ids > 0 and redis.call('TTL', KEYS[2]) < 0 then
            redis.call('EXPIRE', KEYS[2], ARGV[1])
          end
          redis.call('PUBLISH', ARGV[3], ARGV[4])
        end
        return result
        """;

    private readonly RedisCluster cluster;
    private readonly CounterStore counters;
    private readonly IngestMetrics? metrics;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly CountLimit tagsPerType;
    private readonly long dedupWindowMicros;
    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> registeredTenants = new(StringComparer.Ordinal);
    private readonly Histogram<double> lag;
    private readonly Counter<long> gaps;
    private readonly TaskCompletionSource faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private Task? poller;
    private volatile bool ready;
    private int disposed;

    public ClusterEventLog(
        RedisCluster cluster,
        CounterStore counters,
        IOptions<LimitsOptions> limits,
        IMeterFactory meters,
        ILogger<ClusterEventLog> logger,
        TimeProvider time,
        IngestMetrics? metrics = null)
    {
        this.cluster = cluster;
        this.counters = counters;
        this.metrics = metrics;
        this.logger = logger;
        this.time = time;
        tagsPerType = limits.Value.TagValuesPerType;
        dedupWindowMicros = cluster.Options.DedupWindow.Ticks / TimeSpan.TicksPerMicrosecond;
        lag = meters.Create(EngineTelemetry.MeterName).CreateHistogram<double>(
            "neuron.cluster.stream.lag", "ms",
            "Time from an event batch's append to Redis (its entry id) to its application on this replica.");
        gaps = meters.Create(EngineTelemetry.MeterName).CreateCounter<long>(
            "neuron.cluster.stream.gaps", "{gap}",
            "Entries whose sequence number did not follow the previous one's: this replica's counters no longer match the stream until it restarts.");
    }

    /// <summary>True once recovery caught up with every stream, until a failure stopped the apply loop.</summary>
    public bool IsReady => ready && !faulted.Task.IsCompleted;

    /// <summary>Completes when the apply loop stopped after a failure it cannot undo (the engine must restart).</summary>
    public Task Faulted => faulted.Task;

    /// <summary>The stream key of a tenant's events.</summary>
    public RedisKey StreamKey(string tenant) => cluster.TenantKey(tenant, "events");

    /// <summary>The sequence number of the last entry appended to a tenant's stream (same hash tag as the stream).</summary>
    private RedisKey SequenceKey(string tenant) => cluster.TenantKey(tenant, "events-seq");

    /// <summary>
    /// Stores the batch durably in Redis (deduplicated on its event ids, atomically with the append), applies it here,
    /// and returns what was kept (null when every event was a duplicate). UNAVAILABLE when Redis cannot be reached.
    /// </summary>
    public async Task<EventBatch?> AppendAsync(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!IsReady)
        {
            throw NeuronException.Unavailable("the engine is not ready: its counters are still catching up with the cluster's event streams");
        }

        // Refused here, before Redis sees it, when the counters could not apply it (the types and tags limits).
        var reserved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new ReserveWork(batch, reserved));
        await reserved.Task.ConfigureAwait(false);

        StreamId entry;
        int[] duplicates;
        long waited = -1;
        try
        {
            await RegisterTenantAsync(batch.Tenant).ConfigureAwait(false);
            (entry, duplicates) = await AppendToStreamAsync(batch).ConfigureAwait(false);
            if (entry != StreamId.Zero && cluster.Options.WaitReplicas > 0)
            {
                waited = (long)await cluster.IngestDatabase.ExecuteAsync(
                    "WAIT", cluster.Options.WaitReplicas, (long)cluster.Options.WaitTimeout.TotalMilliseconds).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Post(new ReleaseWork(batch));
            metrics?.Aborted();
            if (RedisControlPlane.IsUnreachable(ex))
            {
                throw RedisControlPlane.Unreachable(ex);
            }

            throw;
        }

        var kept = Kept(batch, duplicates);
        metrics?.Admitted(batch.Tenant, kept?.Events.Length ?? 0, batch.Events.Length - (kept?.Events.Length ?? 0));
        if (entry == StreamId.Zero)
        {
            Post(new ReleaseWork(batch));
            return null;
        }

        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new CatchUpWork(batch.Tenant, entry, batch, applied));
        await applied.Task.ConfigureAwait(false);

        if (waited >= 0 && waited < cluster.Options.WaitReplicas)
        {
            throw NeuronException.Unavailable(string.Create(CultureInfo.InvariantCulture,
                $"the batch is stored on the Redis primary, but only {waited} of the {cluster.Options.WaitReplicas} Redis replicas Cluster:WaitReplicas asks for acknowledged it within {cluster.Options.WaitTimeout}; a retry with the same event ids counts them as duplicates"));
        }

        return kept;
    }

    /// <summary>The last entry id of a tenant's stream now (<c>0-0</c> when it has none): a run's data window.</summary>
    public async Task<string> EndOfStreamAsync(string tenant)
    {
        try
        {
            var last = await cluster.Database.StreamRangeAsync(StreamKey(tenant), "-", "+", count: 1, messageOrder: Order.Descending).ConfigureAwait(false);
            return last.Length == 0 ? StreamId.Zero.ToString() : last[0].Id.ToString();
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    private static EventBatch? Kept(EventBatch batch, int[] duplicates)
    {
        if (duplicates.Length == 0)
        {
            return batch;
        }

        if (duplicates.Length == batch.Events.Length)
        {
            return null;
        }

        var dropped = new HashSet<int>(duplicates);
        var kept = new TrackedEvent[batch.Events.Length - dropped.Count];
        var k = 0;
        for (var i = 0; i < batch.Events.Length; i++)
        {
            if (!dropped.Contains(i))
            {
                kept[k++] = batch.Events[i];
            }
        }

        return new EventBatch(batch.Tenant, batch.ReceivedAtMicros, kept);
    }

    private async Task<(StreamId Entry, int[] Duplicates)> AppendToStreamAsync(EventBatch batch)
    {
        // Two dedup buckets of one window each: an id is remembered for at least the window and at most two.
        var bucket = batch.ReceivedAtMicros / dedupWindowMicros;
        var keys = new RedisKey[]
        {
            StreamKey(batch.Tenant),
            cluster.TenantKey(batch.Tenant, string.Create(CultureInfo.InvariantCulture, $"dedup:{bucket}")),
            cluster.TenantKey(batch.Tenant, string.Create(CultureInfo.InvariantCulture, $"dedup:{bucket - 1}")),
            SequenceKey(batch.Tenant),
        };
        var values = new RedisValue[4 + (2 * batch.Events.Length)];
        values[0] = (long)Math.Ceiling(2.0 * dedupWindowMicros / 1_000_000) + 60;
        values[1] = StreamEntryCodec.EncodeHeader(batch);
        values[2] = (string)cluster.Channel("events")!;
        values[3] = batch.Tenant;
        for (var i = 0; i < batch.Events.Length; i++)
        {
            ref readonly var e = ref batch.Events[i];
            values[4 + (2 * i)] = e.EventId is null ? string.Empty : "=" + e.EventId;
            values[5 + (2 * i)] = StreamEntryCodec.EncodeEvent(e);
        }

        var result = (RedisResult[])(await cluster.IngestDatabase.ScriptEvaluateAsync(AppendScript, keys, values).ConfigureAwait(false))!;
        var id = (string?)result[0];
        var duplicates = new int[result.Length - 1];
        for (var i = 1; i < result.Length; i++)
        {
            duplicates[i - 1] = (int)result[i];
        }

        return (string.IsNullOrEmpty(id) ? StreamId.Zero : StreamId.Parse(id), duplicates);
    }

    /// <summary>Adds the tenant to the set every replica reads its streams from (once per tenant per process).</summary>
    private async Task RegisterTenantAsync(string tenant)
    {
        lock (registeredTenants)
        {
            if (registeredTenants.Contains(tenant))
            {
                return;
            }
        }

        await cluster.Database.SetAddAsync(TenantsKey, tenant).ConfigureAwait(false);
        lock (registeredTenants)
        {
            registeredTenants.Add(tenant);
        }
    }

    private RedisKey TenantsKey => cluster.ControlPlane.Key("event-tenants");

    private void Post(Work item)
    {
        if (!work.Writer.TryWrite(item))
        {
            item.Fail(NeuronException.Unavailable("the engine is shutting down"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // CloseAsync disposes first; the container disposes the singleton again.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        work.Writer.TryComplete();
        foreach (var task in new[] { loop, poller })
        {
            if (task is not null)
            {
                await task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        while (work.Reader.TryRead(out var item))
        {
            item.Fail(NeuronException.Unavailable("the engine is shutting down"));
        }

        stopping.Dispose();
    }

    private long NowMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();
}
