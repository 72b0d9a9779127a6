using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Models;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Cluster;

/// <summary>
/// Replicas of one cluster as far as serving goes, on the shared <see cref="RedisServer"/> under a key prefix of their
/// own: each replica a <see cref="RedisCluster"/> (its own connection and id), its records, its (empty) model host; and
/// one SQLite registry standing for the shared one.
/// </summary>
internal sealed class ClusterTestEnvironment : IDisposable
{
    public const string Tenant = "acme";

    private readonly TempDirectory dir = new("cluster");
    private readonly RegistryDatabase registry;
    private readonly List<IDisposable> owned = [];

    public ClusterTestEnvironment(TimeSpan? heartbeatTtl = null, TimeProvider? time = null)
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        HeartbeatTtl = heartbeatTtl ?? TimeSpan.FromSeconds(10);
        Time = time ?? TimeProvider.System;
        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = dir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        Store = new ModelStore(registry, TimeProvider.System);
    }

    public string Prefix { get; }

    public TimeSpan HeartbeatTtl { get; }

    public TimeProvider Time { get; }

    public ModelStore Store { get; }

    public ServingKeys Keys => new(Prefix);

    public RedisCluster Cluster(string replicaId)
    {
        var cluster = new RedisCluster(
            Options.Create(new ClusterOptions
            {
                Redis = RedisServer.Shared.Configuration,
                KeyPrefix = Prefix,
                ReplicaId = replicaId,
                HeartbeatInterval = TimeSpan.FromMilliseconds(100),
                HeartbeatTtl = HeartbeatTtl,
            }),
            Options.Create(new EngineOptions { DataDir = dir.Combine(replicaId) }),
            NullLogger<RedisCluster>.Instance);
        owned.Add(cluster);
        return cluster;
    }

    public ClusterReplicas Replicas(RedisCluster cluster) => new(cluster, NullLogger<ClusterReplicas>.Instance);

    /// <summary>A replica's own serving state over a model host that serves nothing.</summary>
    public ReplicaServing Serving(RedisCluster cluster)
    {
        var inference = Options.Create(new InferenceOptions { Provider = "cpu", IntraOpThreads = 1, WarmupRuns = 1 });
        var host = new ModelHost(new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance), NullLogger<ModelHost>.Instance);
        owned.Add(host);
        var serving = new ReplicaServing(cluster, Replicas(cluster), host, new NoListenAddresses(), Time);
        owned.Add(serving);
        return serving;
    }

    public ClusterServingPeers Peers(RedisCluster cluster, ReplicaServing serving) =>
        new(cluster, Replicas(cluster), serving, new ServingChannel(cluster), Store, Time, NullLogger<ClusterServingPeers>.Instance);

    /// <summary>Registers and approves a version of <c>recs</c>, and begins promoting it: the endpoint is UPDATING as a promotion a replica runs (or ran, before it died) leaves it.</summary>
    public PromotionTicket BeginPromotion()
    {
        var version = Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => { });
        Store.ApproveVersion(Tenant, version.Family, version.Version, "tester");
        return Store.BeginPromotion(Tenant, null, version.Family, version.Version, "tester");
    }

    /// <summary>A heartbeat record as another replica would write it.</summary>
    public static ReplicaRecord Record(string id, bool ready = true, int promoting = 0, params ReplicaEndpoint[] endpoints) =>
        new(id, ["http://127.0.0.1:1"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, ready, promoting, endpoints);

    public void Dispose()
    {
        foreach (var item in Enumerable.Reverse(owned))
        {
            item.Dispose();
        }

        registry.Dispose();
        dir.Dispose();
    }
}
