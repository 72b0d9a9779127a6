using System.Globalization;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// Cluster mode's artifacts: two engine processes on one redis-server, each with its own data directory and no file
/// of the other's. What one registers or uploads, the other serves or trains on, from the copy in Redis.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ArtifactTests(ITestOutputHelper output) : IDisposable
{
    private const string Tenant = "shop";

    private readonly RedisServer redis = RedisServer.Start(appendOnly: false);
    private readonly TempDirectory dataA = new("cluster-a");
    private readonly TempDirectory dataB = new("cluster-b");
    private readonly TempDirectory scratch = new("cluster-artifacts");

    public void Dispose()
    {
        redis.Dispose();
        dataA.Dispose();
        dataB.Dispose();
        scratch.Dispose();
    }

    [Fact]
    public async Task Promote_OnReplicaB_OfAVersionRegisteredOnReplicaA_FetchedFromRedisAndServed()
    {
        await using var a = await StartReplicaAsync(dataA);
        await using var b = await StartReplicaAsync(dataB);
        using var ca = new EngineClients(a.Address, Tenant);
        using var cb = new EngineClients(b.Address, Tenant);
        var version = await ModelUploads.RegisterApprovedAsync(ca, "recs", scratch, "v1");
        var onB = ArtifactFolder(dataB, version);
        Assert.False(Directory.Exists(onB));

        var registered = await cb.Models.GetVersionAsync(new GetVersionRequest { Family = "recs", Version = version }).Within();
        var endpoint = await cb.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();

        Assert.Equal(version, registered.Version);
        Assert.Equal(("recs", version), (endpoint.Family, endpoint.Version));
        foreach (var file in new[] { "model.onnx", "items.txt", "manifest.json" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ArtifactFolder(dataA, version), file)), await File.ReadAllBytesAsync(Path.Combine(onB, file)));
        }
    }

    [Fact]
    public async Task Start_ReplicaWithAnEmptyDataDirectory_LoadsThePromotedVersionFromRedis()
    {
        int version;
        await using (var a = await StartReplicaAsync(dataA))
        {
            using var ca = new EngineClients(a.Address, Tenant);
            version = await ModelUploads.RegisterApprovedAsync(ca, "recs", scratch, "v1");
            await ca.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();
        }

        await using var b = await StartReplicaAsync(dataB);

        // The start-up load runs in the background while the replica already answers.
        var onB = Path.Combine(ArtifactFolder(dataB, version), "model.onnx");
        for (var waited = TimeSpan.Zero; !File.Exists(onB) && waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(onB), $"{onB} was not fetched");
        Assert.DoesNotContain(b.Lines, l => l.Contains("ServingLoadFailed", StringComparison.Ordinal) || l.Contains("cannot load", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartRun_OnReplicaB_WithDatasetsUploadedOnReplicaA_FetchesBothForTheOverlapCheck()
    {
        await using var a = await StartReplicaAsync(dataA);
        await using var b = await StartReplicaAsync(dataB);
        using var ca = new EngineClients(a.Address, Tenant);
        using var cb = new EngineClients(b.Address, Tenant);
        await Seed.EventTypesAsync(ca);
        var template = new Template { TemplateId = TemplateId, Name = TemplateName, MinTotalEvents = 2 };
        template.Signals.Add(new Signal { Type = "click", Threshold = 1 });
        await ca.Templates.CreateTemplateAsync(template).Within();
        await ca.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = TemplateId }).Within();
        await UploadAsync(ca, "train", string.Join('\n', Line("u1", "i1"), Line("u1", "i2"), Line("u2", "i3")));
        await UploadAsync(ca, "eval", string.Join('\n', Line("u1", "i1"), Line("u2", "i3"), Line("u9", "i1")));

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(cb, r => (r.TrainDatasetId, r.EvalDatasetId) = ("train", "eval")),
            "train and eval datasets share 2 (user, item) pairs");

        Assert.Equal(2, Directory.GetFiles(Path.Combine(dataB.Path, "datasets", Tenant), "*.jsonl").Length);
    }

    [Fact]
    public async Task DeleteDataset_OnReplicaB_OfADatasetUploadedOnReplicaA_BlobLeavesRedis()
    {
        await using var a = await StartReplicaAsync(dataA);
        await using var b = await StartReplicaAsync(dataB);
        using var ca = new EngineClients(a.Address, Tenant);
        using var cb = new EngineClients(b.Address, Tenant);
        var dataset = await UploadAsync(ca, "train", Line("u1", "i1"));
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var blobs = new RedisBlobStore(connection, "neuron");
        Assert.True(await blobs.ExistsAsync(dataset.Sha256));

        await cb.Training.DeleteDatasetAsync(new DeleteDatasetRequest { DatasetId = "train" }).Within();

        Assert.False(await blobs.ExistsAsync(dataset.Sha256));
    }

    private Task<EngineProcess> StartReplicaAsync(TempDirectory data) =>
        EngineProcess.StartAsync(data.Path, output, "--cluster", $"redis=127.0.0.1:{redis.Port}");

    private static string ArtifactFolder(TempDirectory data, int version) =>
        Path.Combine(data.Path, "models", Tenant, "recs", version.ToString(CultureInfo.InvariantCulture));
}
