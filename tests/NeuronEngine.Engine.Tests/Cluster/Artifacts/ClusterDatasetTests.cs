using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Training;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Training;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Cluster.Artifacts;

/// <summary>Uploaded datasets in cluster mode: uploaded on replica A, read on replica B, which has no file of A's.</summary>
public sealed class ClusterDatasetTests : IDisposable
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TwoReplicas cluster = new();
    private readonly TempDirectory registryDir = new("cluster-datasets");
    private readonly RegistryDatabase registry;
    private readonly DatasetStore store;

    public ClusterDatasetTests()
    {
        // The registry the replicas share (Redis in a real cluster; one SQLite store stands for it here).
        registry = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = registryDir.Combine("registry.db") }), NullLogger<RegistryDatabase>.Instance);
        store = new DatasetStore(registry, TimeProvider.System);
    }

    public void Dispose()
    {
        registry.Dispose();
        registryDir.Dispose();
        cluster.Dispose();
    }

    [Fact]
    public async Task LocalPathAsync_UploadedOnAnotherReplica_FetchedIntoThisDataDirectory()
    {
        var text = Lines(300);
        var dataset = await UploadOnAAsync("train", text);
        var onB = cluster.B.Datasets.PathFor(dataset.Path);
        Assert.False(File.Exists(onB));

        var path = await cluster.B.Datasets.LocalPathAsync(dataset, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(onB, path);
        Assert.Equal(text, await File.ReadAllTextAsync(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.uploading"));
    }

    [Fact]
    public async Task UploadAsync_RecordsTheFileSha256_WhichIsTheBlobId()
    {
        var text = Lines(10);

        var dataset = await UploadOnAAsync("train", text);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), dataset.Sha256);
        Assert.True(await cluster.Blobs.ExistsAsync(dataset.Sha256));
    }

    [Fact]
    public async Task LocalPathAsync_CorruptBlob_DataLossNamingTheDataset_NothingPlaced()
    {
        var dataset = await UploadOnAAsync("train", Lines(300));
        var chunk = cluster.Blobs.ChunkKey(dataset.Sha256, 1);
        var bytes = (byte[])(await cluster.Database.StringGetAsync(chunk))!;
        bytes[5] ^= 0x01;
        await cluster.Database.StringSetAsync(chunk, bytes);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => cluster.B.Datasets.LocalPathAsync(dataset, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains("dataset \"train\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"blob {dataset.Sha256}", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(cluster.B.Datasets.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DeleteAsync_LastDatasetOfItsBytes_BlobDeleted_AnotherOfTheSameBytesKeepsIt()
    {
        var text = Lines(50);
        var first = await UploadOnAAsync("one", text);
        var second = await UploadOnAAsync("two", text);
        Assert.Equal(first.Sha256, second.Sha256);

        var deleted = store.Delete(Tenant, "one");
        await cluster.A.Datasets.DeleteAsync(deleted.Path, deleted.Sha256);
        Assert.Equal(text, await File.ReadAllTextAsync(await cluster.B.Datasets.LocalPathAsync(second, CancellationToken.None)));

        deleted = store.Delete(Tenant, "two");
        await cluster.A.Datasets.DeleteAsync(deleted.Path, deleted.Sha256);
        Assert.False(await cluster.Blobs.ExistsAsync(second.Sha256));
    }

    [Fact]
    public async Task CountSharedPairsAsync_BothUploadedOnAnotherReplica_Fetched()
    {
        var train = await UploadOnAAsync("train", Lines(20));
        var eval = await UploadOnAAsync("eval", Lines(5));

        var shared = await cluster.B.Datasets.CountSharedPairsAsync(train, eval, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(5, shared);
    }

    private async Task<UploadedDataset> UploadOnAAsync(string id, string text)
    {
        var limits = Options.Create(new LimitsOptions());
        var uploader = new DatasetUploader(store, cluster.A.Datasets, new UploadSlots(limits), Options.Create(new TrainingOptions()), limits);
        return await uploader.UploadAsync(Tenant, new UploadDatasetHeader { DatasetId = id }, Chunks(Encoding.UTF8.GetBytes(text)), CancellationToken.None).WaitAsync(Timeout);
    }

    private static string Lines(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $$"""{"user_id":"u{{i}}","item_id":"i{{i}}","type":"click","timestamp":{{i + 1}}}""" + "\n"));

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] bytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < bytes.Length; offset += 700)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return bytes.AsMemory(offset, Math.Min(700, bytes.Length - offset));
        }
    }
}
