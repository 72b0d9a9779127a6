using NeuronEngine.Core;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract class DatasetStoreTests(RegistryBackend backend) : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    private IDatasetStore Store => field ??= registry.Datasets;

    private IRunStore Runs => field ??= registry.Runs;

    private UploadedDataset Add(string id, string tenant = Tenant) => Store.Add(tenant, id, "clicks", $"{tenant}/{id}.jsonl", 10, 3, 4, 500, "ab12");

    [Fact]
    public void Add_New_StoredAndListedById()
    {
        var added = Add("train");
        Add("eval");
        Add("other", "globex");

        Assert.Equal(new UploadedDataset("train", "clicks", "acme/train.jsonl", 10, 3, 4, 500, "ab12", registry.Clock.GetUtcNow()), added);
        Assert.Equal(added, Store.Get(Tenant, "train"));
        Assert.Equal(["eval", "train"], Store.List(Tenant).Select(d => d.DatasetId));
    }

    [Fact]
    public void CheckNew_TakenOrInvalidId_Refused()
    {
        Add("train");

        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => Store.CheckNew(Tenant, "train", null));
        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => Add("train"));
        NeuronAssert.InvalidArgument("dataset_id", () => Store.CheckNew(Tenant, "Train!", null));
        Store.CheckNew("globex", "train", null);
    }

    [Fact]
    public void Delete_UsedByQueuedRun_FailedPreconditionUntilTheRunEnds()
    {
        Add("train");
        Add("eval");
        var run = Runs.Create(Tenant, RunStoreTests.NewRun(train: "train", eval: "eval"));

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => Store.Delete(Tenant, "eval"));
        Assert.Contains(run.RunId, ex.Message, StringComparison.Ordinal);

        Runs.RequestStop(Tenant, run.RunId);
        Assert.Equal("eval", Store.Delete(Tenant, "eval").DatasetId);
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.Get(Tenant, "eval"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.Delete(Tenant, "eval"));
    }
}

public sealed class DatasetStoreTestsOnSqlite() : DatasetStoreTests(RegistryBackend.Sqlite);

public sealed class DatasetStoreTestsOnRedis() : DatasetStoreTests(RegistryBackend.Redis);
