using NeuronEngine.Core;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry.Tests.Training;

public abstract partial class RunStoreTests(RegistryBackend backend) : IDisposable
{
    private const string Tenant = "acme";
    private const string Other = "globex";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    private IRunStore Store => field ??= registry.Runs;

    private IDatasetStore Datasets => field ??= registry.Datasets;

    internal static NewRun NewRun(string template = "home", string family = "home", string? train = null, string? eval = null) => new(
        template, "Home page", """{"template_id":"home"}""", RunRules.DefaultRecipe, 5, 256, 0.001, 42, RunRubric.Default, family, "alice",
        train, eval, 1234);

    private TrainingRun Queue(string tenant = Tenant, string template = "home")
    {
        var run = Store.Create(tenant, NewRun(template));
        registry.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return run;
    }

    [Fact]
    public void Create_ValidRun_StoresItQueuedWithEveryField()
    {
        var run = Store.Create(Tenant, NewRun());

        Assert.Equal(32, run.RunId.Length);
        Assert.Equal(Tenant, run.Tenant);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(NewRun() with { Rubric = run.Spec.Rubric }, run.Spec);
        Assert.Equal(RunRubric.Default.PrimaryMetric, run.Spec.Rubric.PrimaryMetric);
        Assert.Equal(RunRubric.Default.Gates, run.Spec.Rubric.Gates);
        Assert.Equal(registry.Clock.GetUtcNow(), run.Created);
        Assert.Null(run.Started);
        Assert.Equal("queued", run.Progress.Phase);
        Assert.Empty(run.EpochResults);
        Assert.Null(run.Version);
        Assert.Equal($"Home page-{run.RunId}", run.VersionName);
        Assert.Equal(run, Store.Get(Tenant, run.RunId) with { EpochResults = run.EpochResults, Spec = run.Spec });
    }

    [Fact]
    public void Create_InvalidOption_RefusedNamingTheField()
    {
        NeuronAssert.InvalidArgument("epochs", () => Store.Create(Tenant, NewRun() with { Epochs = 51 }));
        NeuronAssert.InvalidArgument("batch_size", () => Store.Create(Tenant, NewRun() with { BatchSize = 100 }));
        NeuronAssert.InvalidArgument("learning_rate", () => Store.Create(Tenant, NewRun() with { LearningRate = double.NaN }));
        NeuronAssert.InvalidArgument("recipe", () => Store.Create(Tenant, NewRun() with { Recipe = "bert" }));
        NeuronAssert.InvalidArgument("rubric.gates[0].name", () => Store.Create(Tenant, NewRun() with { Rubric = RunRubric.Default with { Gates = [new RubricGate("min_mrr", 0.1)] } }));
        NeuronAssert.InvalidArgument("eval_dataset_id", () => Store.Create(Tenant, NewRun(train: "a")));
        Assert.Empty(Store.List(Tenant).Items);
    }

    [Fact]
    public void Create_StreamPosition_KeptByTheRedisStoreOnly()
    {
        var run = Store.Create(Tenant, NewRun() with { StreamPosition = "1733440000000-5" });

        // Single-node mode has no event streams; the SQLite store does not keep the position.
        var expected = registry.Backend == RegistryBackend.Redis ? "1733440000000-5" : null;
        Assert.Equal(expected, run.Spec.StreamPosition);
        Assert.Equal(expected, Store.Get(Tenant, run.RunId).Spec.StreamPosition);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5")]
    [InlineData("1733440000000-")]
    [InlineData("1733440000000-x")]
    [InlineData("+1-2")]
    public void Create_MalformedStreamPosition_InvalidArgument(string position)
    {
        NeuronAssert.InvalidArgument("stream_position", () => Store.Create(Tenant, NewRun() with { StreamPosition = position }));
    }

    [Fact]
    public void Create_UnknownDataset_NotFound()
    {
        var ex = NeuronAssert.Throws(ErrorKind.NotFound, () => Store.Create(Tenant, NewRun(train: "train", eval: "eval")));

        Assert.Contains("train dataset \"train\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_OtherTenantsRun_NotFound()
    {
        var run = Queue();

        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.Get(Other, run.RunId));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.GetLogs(Other, run.RunId));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.RequestStop(Other, run.RunId));
    }

    [Fact]
    public void List_Filters_NewestFirstOfTheTenantOnly()
    {
        var first = Queue();
        var second = Queue(template: "cart");
        var third = Queue();
        Queue(tenant: Other);
        Store.RequestStop(Tenant, third.RunId);

        Assert.Equal([third.RunId, second.RunId, first.RunId], Store.List(Tenant).Items.Select(r => r.RunId));
        Assert.Equal([third.RunId, first.RunId], Store.List(Tenant, templateId: "home").Items.Select(r => r.RunId));
        Assert.Equal([second.RunId, first.RunId], Store.List(Tenant, status: RunStatus.Queued).Items.Select(r => r.RunId));
        Assert.Equal([third.RunId], Store.List(Tenant, "home", RunStatus.Stopped).Items.Select(r => r.RunId));
    }
}

public sealed class RunStoreTestsOnSqlite() : RunStoreTests(RegistryBackend.Sqlite);

public sealed class RunStoreTestsOnRedis() : RunStoreTests(RegistryBackend.Redis);
