using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Registry.Redis;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>
/// The replica's one connection to the cluster's Redis (a StackExchange.Redis multiplexer: every component shares
/// it), its control plane and its identity.
/// </summary>
/// <remarks>
/// Connects without waiting for Redis: an engine started while Redis is down listens, answers health, serves
/// Recommend from local state once recovered, and the multiplexer reconnects in the background by itself.
/// </remarks>
public sealed partial class RedisCluster : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> connection;
    private readonly Lazy<ConnectionMultiplexer> ingest;
    private readonly Lazy<RedisControlPlane> plane;
    private readonly Lazy<string> replicaId;

    public RedisCluster(IOptions<ClusterOptions> options, IOptions<EngineOptions> engine, ILogger<RedisCluster> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        Options = options.Value;
        var dataDir = engine.Value.DataDir;
        DataDirectory = dataDir;
        connection = new(() =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(Options.ToRedisConfiguration());
            multiplexer.ConnectionFailed += (_, e) => Log_ConnectionFailed(logger, e.EndPoint, e.FailureType, e.Exception?.Message);
            multiplexer.ConnectionRestored += (_, e) => Log_ConnectionRestored(logger, e.EndPoint);
            return multiplexer;
        });
        ingest = new(() => ConnectionMultiplexer.Connect(Options.ToRedisConfiguration()));
        plane = new(() => new RedisControlPlane(Connection, Options.KeyPrefix));
        replicaId = new(() => Options.ReplicaId ?? ReplicaIdFile.ReadOrCreate(dataDir));
    }

    public ClusterOptions Options { get; }

    /// <summary>This replica's data directory (its local caches).</summary>
    public string DataDirectory { get; }

    public ConnectionMultiplexer Connection => connection.Value;

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>
    /// Where event batches are appended. With <see cref="ClusterOptions.WaitReplicas"/> a connection of its own: <c>WAIT</c>
    /// holds the connection it runs on until the Redis replicas answer, which must not stall every other command.
    /// </summary>
    public IDatabase IngestDatabase => Options.WaitReplicas > 0 ? ingest.Value.GetDatabase() : Database;

    /// <summary>The control plane (one hash slot, optimistic transactions).</summary>
    public RedisControlPlane ControlPlane => plane.Value;

    /// <summary>This replica's name: <see cref="ClusterOptions.ReplicaId"/>, else the one kept in the data directory.</summary>
    public string ReplicaId => replicaId.Value;

    /// <summary>A key of one tenant's events, in that tenant's own hash slot: <c>{prefix:ev:tenant}:name</c>.</summary>
    public RedisKey TenantKey(string tenant, string name) => $"{{{Options.KeyPrefix}:ev:{tenant}}}:{name}";

    /// <summary>A pub/sub channel of this cluster.</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal($"{Options.KeyPrefix}:{name}");

    public void Dispose()
    {
        if (connection.IsValueCreated)
        {
            connection.Value.Dispose();
        }

        if (ingest.IsValueCreated)
        {
            ingest.Value.Dispose();
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RedisConnectionFailed", Level = LogLevel.Warning, Message = "Lost the connection to Redis {EndPoint} ({FailureType}): {Reason}; ingest answers UNAVAILABLE and Recommend serves local state until it is back")]
    private static partial void Log_ConnectionFailed(ILogger logger, System.Net.EndPoint? endPoint, ConnectionFailureType failureType, string? reason);

    [LoggerMessage(EventId = 2, EventName = "RedisConnectionRestored", Level = LogLevel.Information, Message = "Reconnected to Redis {EndPoint}")]
    private static partial void Log_ConnectionRestored(ILogger logger, System.Net.EndPoint? endPoint);
}
