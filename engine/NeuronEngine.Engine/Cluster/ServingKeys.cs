using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// Serving's keys and channel in the cluster's Redis. The keys share the hash tag <c>{prefix:serving}</c>, so a listing
/// reads every replica's record in one <c>MGET</c> on Redis Cluster too; they are apart from the control plane's slot,
/// which heartbeats would otherwise write every few seconds.
/// </summary>
internal sealed class ServingKeys(string prefix)
{
    /// <summary>Sorted set: every replica that beat recently, scored by its last beat (Unix ms). Pruned of replicas whose record expired.</summary>
    public RedisKey Replicas { get; } = $"{{{prefix}:serving}}:replicas";

    /// <summary>Counter: bumped by every successful promotion; a replica that synced an older value syncs again.</summary>
    public RedisKey Generation { get; } = $"{{{prefix}:serving}}:generation";

    /// <summary>Lock (value: the replica id, with a TTL): a replica is failing interrupted promotions; promotions wait for it.</summary>
    public RedisKey Recovery { get; } = $"{{{prefix}:serving}}:recovery";

    /// <summary>Pub/sub: promotions, registry changes and replicas' serving changes (<see cref="ServingMessage"/>).</summary>
    public RedisChannel Channel { get; } = RedisChannel.Literal($"{prefix}:serving");

    /// <summary>One replica's heartbeat record (JSON <see cref="ReplicaRecord"/>), expiring after <c>Cluster:HeartbeatTtl</c>.</summary>
    public RedisKey Replica(string replicaId) => $"{{{prefix}:serving}}:replica:{replicaId}";
}
