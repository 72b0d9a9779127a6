using System.Text.Json;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// The cluster's replicas as Redis knows them. Each writes its <see cref="ReplicaRecord"/> to a key that expires after
/// <see cref="ClusterOptions.HeartbeatTtl"/> and adds itself to a sorted set scored by its last beat; a replica whose key
/// expired is dead, and whoever lists next removes it from the set.
/// </summary>
/// <remarks>
/// Liveness is the key's TTL, kept by Redis's clock, so the replicas' clocks need not agree (the scores are only for
/// operators). Thread-safe.
/// </remarks>
internal sealed partial class ClusterReplicas(RedisCluster cluster, ILogger<ClusterReplicas> logger)
{
    private readonly ServingKeys keys = new(cluster.Options.KeyPrefix);

    /// <summary>Writes <paramref name="record"/> as its replica's heartbeat, alive for <see cref="ClusterOptions.HeartbeatTtl"/>.</summary>
    public async Task WriteAsync(ReplicaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.SerializeToUtf8Bytes(record, ClusterJsonContext.Default.ReplicaRecord);
        var batch = cluster.Database.CreateBatch();
        // The record first: a lister that finds the id in the set without a record prunes it only while the record is missing.
        var written = batch.StringSetAsync(keys.Replica(record.Id), json, cluster.Options.HeartbeatTtl);
        var listed = batch.SortedSetAddAsync(keys.Replicas, record.Id, record.Beat.ToUnixTimeMilliseconds());
        batch.Execute();
        await Task.WhenAll(written, listed);
    }

    /// <summary>Every replica whose heartbeat has not expired, ordered by id. Throws UNAVAILABLE when Redis cannot be reached.</summary>
    public async Task<IReadOnlyList<ReplicaRecord>> ListLiveAsync()
    {
        try
        {
            var ids = await cluster.Database.SortedSetRangeByRankAsync(keys.Replicas);
            if (ids.Length == 0)
            {
                return [];
            }

            var values = await cluster.Database.StringGetAsync([.. ids.Select(id => keys.Replica(id.ToString()))]);
            var live = new List<ReplicaRecord>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i].ToString();
                if (values[i].IsNull)
                {
                    await PruneAsync(id);
                }
                else if (Parse(id, values[i]) is { } record)
                {
                    live.Add(record);
                }
            }

            live.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
            return live;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    /// <summary>Removes a replica's heartbeat (it is stopping): the others stop counting it at once rather than after the TTL.</summary>
    public async Task LeaveAsync(string replicaId)
    {
        var batch = cluster.Database.CreateBatch();
        var deleted = batch.KeyDeleteAsync(keys.Replica(replicaId));
        var removed = batch.SortedSetRemoveAsync(keys.Replicas, replicaId);
        batch.Execute();
        await Task.WhenAll(deleted, removed);
    }

    /// <summary>Drops a dead replica from the set, unless it beat again since its record was found missing.</summary>
    private async Task PruneAsync(string replicaId)
    {
        var transaction = cluster.Database.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(keys.Replica(replicaId)));
        _ = transaction.SortedSetRemoveAsync(keys.Replicas, replicaId);
        if (await transaction.ExecuteAsync())
        {
            Log.Pruned(logger, replicaId);
        }
    }

    private ReplicaRecord? Parse(string replicaId, RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize((byte[])value!, ClusterJsonContext.Default.ReplicaRecord);
        }
        catch (JsonException ex)
        {
            // Another engine version's record, or not ours: not counted, rather than failing every listing.
            Log.Unreadable(logger, replicaId, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "ReplicaPruned", Level = LogLevel.Information, Message = "Replica {ReplicaId} stopped beating; it is no longer counted live")]
        public static partial void Pruned(ILogger logger, string replicaId);

        [LoggerMessage(EventId = 2, EventName = "ReplicaRecordUnreadable", Level = LogLevel.Warning, Message = "Replica {ReplicaId}'s heartbeat record cannot be read ({Reason}); it is not counted")]
        public static partial void Unreadable(ILogger logger, string replicaId, string reason);
    }
}
