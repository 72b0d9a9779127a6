using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Cluster.Artifacts;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Cluster.Artifacts;

public sealed class ClusterArtifactSourceTests : IDisposable
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TwoReplicas cluster = new();
    private readonly TempDirectory scratch = new("artifact-source");

    public void Dispose()
    {
        cluster.Dispose();
        scratch.Dispose();
    }

    [Fact]
    public async Task PromoteAsync_VersionRegisteredOnAnotherReplica_FetchedPlacedAndServed()
    {
        var registered = await RegisterOnAAsync();
        using var host = HostOn(cluster.B);
        var folder = cluster.B.Artifacts.PathFor(registered.ArtifactPath);
        Assert.False(Directory.Exists(folder));

        await host.PromoteAsync(Tenant, "production", Promoter.ToKey(registered.Ref), folder, CancellationToken.None).WaitAsync(Timeout);

        var model = host.Acquire(Tenant, "production");
        Assert.NotNull(model);
        model.Release();
        var original = cluster.A.Artifacts.PathFor(registered.ArtifactPath);
        foreach (var file in ArtifactArchive.Files)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(original, file)), await File.ReadAllBytesAsync(Path.Combine(folder, file)));
        }

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cluster.B.Artifacts.Root, ".staging")));
    }

    [Fact]
    public async Task EnsureAsync_FolderAlreadyThere_NoRedisRead()
    {
        var registered = await RegisterOnAAsync();
        await cluster.Blobs.DeleteAsync(registered.ArtifactId!);
        var source = new ClusterArtifactSource(cluster.Models, cluster.A.Artifacts);

        // The blob is gone, so only a replica that reads Redis would fail.
        await source.EnsureAsync(Promoter.ToKey(registered.Ref), cluster.A.Artifacts.PathFor(registered.ArtifactPath), CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task PromoteAsync_CorruptBlob_DataLossNamingVersionAndBlob_NothingPlaced()
    {
        var registered = await RegisterOnAAsync();
        var id = registered.ArtifactId!;
        var chunk = cluster.Blobs.ChunkKey(id, 0);
        var bytes = (byte[])(await cluster.Database.StringGetAsync(chunk))!;
        bytes[100] ^= 0xFF;
        await cluster.Database.StringSetAsync(chunk, bytes);
        using var host = HostOn(cluster.B);
        var folder = cluster.B.Artifacts.PathFor(registered.ArtifactPath);

        var ex = await Assert.ThrowsAsync<NeuronException>(() =>
            host.PromoteAsync(Tenant, "production", Promoter.ToKey(registered.Ref), folder, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"the artifact of {Tenant}/recs/v1", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"blob {id} does not match its SHA-256", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(cluster.B.Artifacts.Root, ".staging")));
        Assert.Null(host.Acquire(Tenant, "production"));
    }

    [Fact]
    public async Task PromoteAsync_BlobGone_DataLoss()
    {
        var registered = await RegisterOnAAsync();
        await cluster.Blobs.DeleteAsync(registered.ArtifactId!);
        using var host = HostOn(cluster.B);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => host.PromoteAsync(
            Tenant, "production", Promoter.ToKey(registered.Ref), cluster.B.Artifacts.PathFor(registered.ArtifactPath), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains("is not stored", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_VersionWithoutArtifactId_DataLossSayingSo()
    {
        var staging = Stage(cluster.A.Artifacts);
        var registered = cluster.Models.RegisterVersion(Tenant, "recs", new VersionRegistration(),
            v => cluster.A.Artifacts.Place(staging, ModelStore.ArtifactPathFor(new FamilyRef(Tenant, "recs"), v)));
        var source = new ClusterArtifactSource(cluster.Models, cluster.B.Artifacts);

        var ex = await Assert.ThrowsAsync<NeuronException>(() =>
            source.EnsureAsync(Promoter.ToKey(registered.Ref), cluster.B.Artifacts.PathFor(registered.ArtifactPath), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains("names no blob", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_OneNode_NullAndNothingWritten()
    {
        var store = new ArtifactStore(Options.Create(new EngineOptions { DataDir = scratch.Combine("single") }), FileSync.Instance);
        var staging = Stage(store);

        Assert.Null(await store.PublishAsync(staging, CancellationToken.None));
        Assert.False(File.Exists(staging + ".zip"));
    }

    [Fact]
    public async Task PublishAsync_SameArtifactTwice_SameBlob()
    {
        var first = await cluster.A.Artifacts.PublishAsync(Stage(cluster.A.Artifacts), CancellationToken.None);
        var second = await cluster.B.Artifacts.PublishAsync(Stage(cluster.B.Artifacts), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    /// <summary>What RegisterVersion does on replica A in cluster mode: stage, publish, register with the id, place.</summary>
    private async Task<RegisteredVersion> RegisterOnAAsync()
    {
        var staging = Stage(cluster.A.Artifacts);
        var id = await cluster.A.Artifacts.PublishAsync(staging, CancellationToken.None);
        var registered = cluster.Models.RegisterVersion(Tenant, "recs", new VersionRegistration(ArtifactId: id),
            v => cluster.A.Artifacts.Place(staging, ModelStore.ArtifactPathFor(new FamilyRef(Tenant, "recs"), v)));
        Assert.Equal(id, registered.ArtifactId);
        return registered;
    }

    private string Stage(ArtifactStore store)
    {
        var staging = store.NewStagingDirectory();
        PlantedModels.Write(staging);
        return staging;
    }

    private ModelHost HostOn(TwoReplicas.Replica replica)
    {
        var inference = Options.Create(new InferenceOptions { Provider = "cpu", IntraOpThreads = 1, WarmupRuns = 1 });
        var loader = new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance);
        return new ModelHost(loader, NullLogger<ModelHost>.Instance, new ClusterArtifactSource(cluster.Models, replica.Artifacts));
    }
}
