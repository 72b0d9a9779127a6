using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

[Collection(TrainingCollection.Name)]
public sealed class DatasetTests(TrainingFixture engine)
{
    private static readonly string Train = string.Join('\n', Line("u1", "i1"), "", Line("u1", "i2"), Line("u2", "i3"), Line("u2", "i1"), "");

    private string TenantFolder(EngineClients c) => Path.Combine(engine.DataDir, "datasets", c.Tenant!);

    [Fact]
    public async Task UploadDataset_GoodFile_CountedHashedAndListed()
    {
        using var c = await TenantAsync(engine, clicks: 0);

        var dataset = await UploadAsync(c, "train", Train);

        Assert.Equal(("train", "test set", 4L, 2L, 3L), (dataset.DatasetId, dataset.Description, dataset.Events, dataset.Users, dataset.Items));
        Assert.Equal(Encoding.UTF8.GetByteCount(Train), dataset.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Train))), dataset.Sha256);
        Assert.Equal([dataset], (await c.Training.ListDatasetsAsync(new ListDatasetsRequest()).Within()).Datasets);
        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => UploadAsync(c, "train", Train), "\"train\"");
    }

    [Theory]
    [InlineData(false, "the first message must carry the header")]
    [InlineData(true, "only the first message may carry the header")]
    public async Task UploadDataset_HeaderMissingOrRepeated_InvalidArgumentAndNothingKept(bool headerFirst, string rule)
    {
        using var c = await TenantAsync(engine, clicks: 0);
        var header = new UploadDatasetRequest { Header = new UploadDatasetHeader { DatasetId = "framed", Description = "test set" } };
        var chunk = new UploadDatasetRequest { Chunk = Google.Protobuf.ByteString.CopyFromUtf8(Train) };

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = c.Training.UploadDataset();
            await RpcAssert.SendAllAsync(call, headerFirst ? new[] { header, chunk, header } : [chunk, header]);
        }, rule);

        Assert.Empty((await c.Training.ListDatasetsAsync(new ListDatasetsRequest()).Within()).Datasets);
        Assert.Empty(Directory.Exists(TenantFolder(c)) ? Directory.GetFiles(TenantFolder(c)) : []);
    }

    [Fact]
    public async Task UploadDataset_BadLine_InvalidArgumentWithTheLineNumberAndNothingKept()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        var text = string.Join('\n', Line("u1", "i1"), "", """{"user_id":"u1","type":"click","timestamp":1}""", Line("u2", "i2"));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => UploadAsync(c, "bad", text), "line 3", "\"item_id\" is missing");

        Assert.Empty((await c.Training.ListDatasetsAsync(new ListDatasetsRequest()).Within()).Datasets);
        Assert.Empty(Directory.Exists(TenantFolder(c)) ? Directory.GetFiles(TenantFolder(c)) : []);
    }

    [Fact]
    public async Task UploadDataset_OverTheCap_InvalidArgumentAndNothingKept()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        var text = string.Join('\n', Enumerable.Range(0, 1000).Select(i => Line($"user-{i}", $"item-{i}")));
        Assert.True(text.Length > TrainingEngine.MaxDatasetBytes);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => UploadAsync(c, "big", text, chunkBytes: 8192), "larger than");

        Assert.Empty(Directory.Exists(TenantFolder(c)) ? Directory.GetFiles(TenantFolder(c)) : []);
    }

    [Fact]
    public async Task StartRun_DatasetsSharePairs_FailedPreconditionWithTheCount()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        await UploadAsync(c, "train", Train);
        await UploadAsync(c, "eval", string.Join('\n', Line("u1", "i1"), Line("u2", "i3"), Line("u2", "i3"), Line("u9", "i1")));

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(c, r => (r.TrainDatasetId, r.EvalDatasetId) = ("train", "eval")),
            "train and eval datasets share 2 (user, item) pairs");
    }

    [Fact]
    public async Task StartRun_EvalLargerThanTrain_SharedPairsCountedOnceEach()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        await UploadAsync(c, "train", Line("u1", "i1"));
        await UploadAsync(c, "eval", string.Join('\n', [Line("u1", "i1"), Line("u1", "i1"), .. Enumerable.Range(0, 20).Select(i => Line($"user-{i}", "i1"))]));

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(c, r => (r.TrainDatasetId, r.EvalDatasetId) = ("train", "eval")),
            "train and eval datasets share 1 (user, item) pairs");
    }

    [Fact]
    public async Task StartRun_DisjointDatasets_QueuedWithoutEventsAndDeleteRefusedWhileQueued()
    {
        using var c = await TenantAsync(engine, clicks: 0);
        await UploadAsync(c, "train", Train);
        await UploadAsync(c, "eval", Line("u1", "i3"));

        var run = await StartAsync(c, r => (r.TrainDatasetId, r.EvalDatasetId) = ("train", "eval"));
        Assert.Equal((RunStatus.Queued, "train", "eval"), (run.Status, run.TrainDatasetId, run.EvalDatasetId));
        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => c.Training.DeleteDatasetAsync(new DeleteDatasetRequest { DatasetId = "eval" }).ResponseAsync, run.RunId);

        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync(run.RunId);
        Assert.Equal(Train, await File.ReadAllTextAsync(lease.TrainDatasetPath));
        Assert.True(Path.IsPathFullyQualified(lease.EvalDatasetPath) && File.Exists(lease.EvalDatasetPath));
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "test over");

        await c.Training.DeleteDatasetAsync(new DeleteDatasetRequest { DatasetId = "eval" }).Within();
        Assert.False(File.Exists(lease.EvalDatasetPath));
        Assert.Equal(["train"], (await c.Training.ListDatasetsAsync(new ListDatasetsRequest()).Within()).Datasets.Select(d => d.DatasetId));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => StartAsync(c, r => (r.TrainDatasetId, r.EvalDatasetId) = ("train", "eval")), "\"eval\"");
    }
}
