using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster.Artifacts;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Engine.Training;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Engine.Tests.Cluster.Artifacts;

/// <summary>
/// Two replicas of a cluster that share nothing but Redis: each its own data directory (no file of one is visible to
/// the other), both on <see cref="RedisServer.Shared"/> under a key prefix no other test uses, with one registry (the
/// Redis model store) between them.
/// </summary>
internal sealed class TwoReplicas : IDisposable
{
    private static readonly Lazy<ConnectionMultiplexer> Connection = new(() => ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration));

    private readonly TempDirectory dir = new("two-replicas");

    public TwoReplicas()
    {
        var prefix = $"e{Guid.NewGuid():N}";
        Blobs = new RedisBlobStore(Connection.Value, prefix, chunkBytes: 1024);
        Models = new RedisModelStore(new RedisControlPlane(Connection.Value, prefix), TimeProvider.System);
        var blobs = new ClusterBlobs(Blobs, NullLogger<ClusterBlobs>.Instance);
        A = new Replica(dir.Combine("a"), blobs);
        B = new Replica(dir.Combine("b"), blobs);
    }

    public RedisBlobStore Blobs { get; }

    public IModelStore Models { get; }

    public Replica A { get; }

    public Replica B { get; }

    public IDatabase Database => Connection.Value.GetDatabase();

    public void Dispose() => dir.Dispose();

    /// <summary>One replica's data directory and the components that keep files in it.</summary>
    internal sealed class Replica(string dataDir, ClusterBlobs blobs)
    {
        public string DataDir { get; } = dataDir;

        public ArtifactStore Artifacts { get; } = new(Options.Create(new EngineOptions { DataDir = dataDir }), FileSync.Instance, blobs: blobs);

        public DatasetFiles Datasets { get; } = new(Options.Create(new EngineOptions { DataDir = dataDir }), FileSync.Instance, blobs);
    }
}
