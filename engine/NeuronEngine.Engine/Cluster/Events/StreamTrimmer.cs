using System.Globalization;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster.Events;

/// <summary>
/// With <see cref="ClusterOptions.RetainEvents"/> set, trims every tenant's stream (XTRIM MINID) every <see cref="ClusterOptions.TrimInterval"/> to
/// the newer of "older than the retention" and no further than the oldest cursor any replica checkpointed within
/// <see cref="ClusterOptions.ReplicaRetention"/> (a replica without a cursor for a tenant holds that tenant's stream
/// whole), and never while a run's snapshot of the stream is being written (<see cref="ClusterEventLog.SnapshotHoldPrefix"/>).
/// Every replica runs it; trimming is idempotent.
/// </summary>
internal sealed partial class StreamTrimmer(RedisCluster cluster, ClusterEventLog events, TimeProvider time, ILogger<StreamTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (cluster.Options.RetainEvents == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(cluster.Options.TrimInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TrimAsync();
                }
                catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
                {
                    Log_TrimFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass over every tenant's stream; returns the entries trimmed.</summary>
    public async Task<long> TrimAsync()
    {
        var db = cluster.Database;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cursors = new List<(Dictionary<string, StreamId> Streams, bool Hold)>();
        foreach (var member in await db.SetMembersAsync(events.CursorReplicasKey))
        {
            var replica = (string)member!;
            var hold = replica.StartsWith(ClusterEventLog.SnapshotHoldPrefix, StringComparison.Ordinal);
            var hash = await db.HashGetAllAsync(events.CursorsKey(replica));
            var at = hash.FirstOrDefault(e => e.Name == "@at").Value;
            var retention = hold ? ClusterEventLog.SnapshotHoldTimeout : cluster.Options.ReplicaRetention;
            if (!at.TryParse(out long atMs) || now - atMs > retention.TotalMilliseconds)
            {
                if (hold)
                {
                    // Left by an engine that died while writing a snapshot.
                    await db.SetRemoveAsync(events.CursorReplicasKey, replica);
                    await db.KeyDeleteAsync(events.CursorsKey(replica));
                }

                continue;
            }

            cursors.Add((hash.Where(e => e.Name != "@at").ToDictionary(e => (string)e.Name!, e => StreamId.Parse((string)e.Value!), StringComparer.Ordinal), hold));
        }

        long trimmed = 0;
        var retained = new StreamId((ulong)Math.Max(0, now - (long)cluster.Options.RetainEvents.TotalMilliseconds), 0);
        foreach (var tenant in await db.SetMembersAsync(cluster.ControlPlane.Key("event-tenants")))
        {
            var name = (string)tenant!;
            var min = retained;
            foreach (var (streams, hold) in cursors)
            {
                // A replica without a cursor for this tenant has applied none of it yet: it holds the stream whole. A
                // snapshot's hold names the one stream it reads.
                if (!streams.TryGetValue(name, out var cursor) && hold)
                {
                    continue;
                }

                if (cursor < min)
                {
                    min = cursor;
                }
            }

            // The newest entry always stays, so a stream is never emptied (its last id is what replicas compare
            // their cursors with).
            var last = await db.StreamRangeAsync(events.StreamKey(name), "-", "+", count: 1, messageOrder: Order.Descending);
            if (last.Length == 0)
            {
                continue;
            }

            var newest = StreamId.Parse(last[0].Id!);
            if (newest < min)
            {
                min = newest;
            }

            if (min == StreamId.Zero)
            {
                continue;
            }

            // Entries at or before a cursor were applied; MINID keeps entries at or after its id. Recorded first, so a
            // replica that returns after the trim knows entries after its cursor may be gone.
            await db.HashSetAsync(events.TrimmedKey, name, min.ToString());
            var n = (long)await db.ExecuteAsync("XTRIM", events.StreamKey(name), "MINID", min.ToString());
            trimmed += n;
            if (n > 0)
            {
                Log_Trimmed(name, n, min);
            }
        }

        return trimmed;
    }

    [LoggerMessage(EventId = 1, EventName = "StreamTrimmed", Level = LogLevel.Information, Message = "Trimmed {Entries} entries of tenant {Tenant}'s event stream before {MinId}")]
    private partial void Log_Trimmed(string tenant, long entries, StreamId minId);

    [LoggerMessage(EventId = 2, EventName = "StreamTrimFailed", Level = LogLevel.Warning, Message = "Could not trim the event streams ({Reason}); trying again at the next Cluster:TrimInterval")]
    private partial void Log_TrimFailed(string reason);
}
