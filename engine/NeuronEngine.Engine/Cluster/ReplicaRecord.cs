namespace NeuronEngine.Engine.Cluster;

/// <summary>One replica's heartbeat: who it is, whether it takes traffic and what it serves. Written as JSON to Redis.</summary>
/// <param name="Id">The replica's id (<see cref="RedisCluster.ReplicaId"/>).</param>
/// <param name="Addresses">Where it accepts calls (empty until it listens).</param>
/// <param name="Started">When this run of it started (UTC).</param>
/// <param name="Beat">When it wrote this record (UTC, its own clock).</param>
/// <param name="Ready">
/// True once it has loaded every promoted version at start and synced once: only ready replicas count when an endpoint's
/// status is worked out (a replica still starting takes no traffic).
/// </param>
/// <param name="Promoting">How many promotions it is running now (interrupted promotions are not recovered while a live replica runs one).</param>
/// <param name="Endpoints">Every endpoint it serves or failed to load, by tenant and name.</param>
internal sealed record ReplicaRecord(
    string Id,
    IReadOnlyList<string> Addresses,
    DateTimeOffset Started,
    DateTimeOffset Beat,
    bool Ready,
    int Promoting,
    IReadOnlyList<ReplicaEndpoint> Endpoints)
{
    /// <summary>The replica's entry for one endpoint, or null when it neither serves it nor failed to load it.</summary>
    public ReplicaEndpoint? Find(string tenant, string endpoint) =>
        Endpoints.FirstOrDefault(e => e.Tenant == tenant && e.Endpoint == endpoint);
}
