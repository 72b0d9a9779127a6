using System.Text.Json;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;

namespace NeuronEngine.IntegrationTests.Training;

[Collection(TrainingCollection.Name)]
public sealed class StartRunTests(TrainingFixture engine)
{
    private static readonly Dictionary<string, Action<StartRunRequest>> BadOptions = new()
    {
        ["epochs=0"] = r => r.Epochs = 0,
        ["epochs=51"] = r => r.Epochs = 51,
        ["batch_size=100"] = r => r.BatchSize = 100,
        ["learning_rate=0"] = r => r.LearningRate = 0,
        ["learning_rate=NaN"] = r => r.LearningRate = double.NaN,
        ["recipe=bert"] = r => r.Recipe = "bert",
        ["rubric.primary_metric=mrr"] = r => r.Rubric = new Rubric { PrimaryMetric = "mrr" },
        ["rubric.patience=0"] = r => r.Rubric = new Rubric { Patience = 0 },
        ["rubric.patience=51"] = r => r.Rubric = new Rubric { Patience = 51 },
        ["rubric.gates[0].name=beats_random"] = r => r.Rubric = new Rubric { Gates = { new RubricGate { Name = "beats_random", MinValue = 0.1 } } },
        ["rubric.gates[0].min_value=inf"] = r => r.Rubric = new Rubric { Gates = { new RubricGate { Name = "min_hr@10", MinValue = double.PositiveInfinity } } },
        ["family=Bad Family"] = r => r.Family = "Bad Family",
        ["eval_dataset_id=only train"] = r => r.TrainDatasetId = "train",
    };

    public static TheoryData<string> BadOptionNames => [.. BadOptions.Keys];

    [Theory]
    [MemberData(nameof(BadOptionNames))]
    public async Task StartRun_OptionOutOfRange_InvalidArgumentNamingTheField(string option)
    {
        using var c = await TenantAsync(engine);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => StartAsync(c, BadOptions[option]), option.Split('=')[0] + ": ");

        Assert.Empty((await c.Training.ListRunsAsync(new ListRunsRequest()).Within()).Runs);
    }

    [Fact]
    public async Task StartRun_NoTemplateId_InvalidArgument()
    {
        using var c = await TenantAsync(engine);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => StartAsync(c, r => r.TemplateId = ""), "template_id: ");
    }

    [Fact]
    public async Task StartRun_UnknownTemplate_NotFound()
    {
        using var c = await TenantAsync(engine);

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => StartAsync(c, r => r.TemplateId = "nope"), "\"nope\"");
    }

    [Fact]
    public async Task StartRun_DraftTemplate_FailedPrecondition()
    {
        using var c = await TenantAsync(engine, publish: false);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(c), "is a Draft");
    }

    [Fact]
    public async Task StartRun_MinimumTotalNotMet_FailedPreconditionWithTheNumbers()
    {
        using var c = await TenantAsync(engine, clicks: 4, minTotal: 100);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(c), "4 events of 100 minimum", "signal click 4 / threshold 1");
    }

    [Fact]
    public async Task StartRun_NoSignalPassesItsThreshold_FailedPreconditionWithTheNumbers()
    {
        using var c = await TenantAsync(engine, clicks: 4, minTotal: 0, threshold: 50);

        await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, () => StartAsync(c), "no signal passes its threshold", "signal click 4 / threshold 50");
    }

    [Fact]
    public async Task StartRun_SharedTenant_PermissionDenied()
    {
        using var c = engine.Clients("shared");

        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => StartAsync(c), "x-tenant");
    }

    [Fact]
    public async Task StartRun_OptionsUnset_QueuedWithDefaultsAndFrozenTemplate()
    {
        using var c = await TenantAsync(engine);

        var run = await StartAsync(c);

        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(32, run.RunId.Length);
        Assert.Equal((5, 256, 0.001, "auto"), (run.EpochsPlanned, run.BatchSize, run.LearningRate, run.Recipe));
        Assert.Equal("ndcg@10", run.Rubric.PrimaryMetric);
        Assert.Equal(3, run.Rubric.Patience);
        Assert.Equal(("beats_popularity", 0.10), (run.Rubric.Gates.Single().Name, run.Rubric.Gates.Single().MinValue));
        Assert.Equal((DefaultFamily, "anonymous", "queued"), (run.Family, run.Actor, run.Progress.Phase));
        Assert.InRange(run.Seed, 0, int.MaxValue);
        Assert.Equal(run, await c.Training.GetRunAsync(new GetRunRequest { RunId = run.RunId }).Within());
        Assert.Equal([run.RunId], (await c.Training.ListRunsAsync(new ListRunsRequest { TemplateId = TemplateId, Status = RunStatus.Queued }).Within()).Runs.Select(r => r.RunId));
        Assert.Empty((await c.Training.ListRunsAsync(new ListRunsRequest { Status = RunStatus.Running }).Within()).Runs);

        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync(run.RunId);
        using var frozen = JsonDocument.Parse(lease.FrozenTemplate);
        var root = frozen.RootElement;
        Assert.Equal((TemplateId, TemplateName, 2L), (root.GetProperty("template_id").GetString(), root.GetProperty("name").GetString(), root.GetProperty("min_total_events").GetInt64()));
        var signal = root.GetProperty("signals").EnumerateArray().Single();
        Assert.Equal(("click", 5, 1L), (signal.GetProperty("type").GetString(), signal.GetProperty("weight").GetInt32(), signal.GetProperty("threshold").GetInt64()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tag_filter").ValueKind);
        Assert.True(lease.LogPosition > 0, "the data window must cover the events tracked before StartRun");
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "done with it");
    }

    [Fact]
    public async Task StartRun_OptionsSet_RecordedAsGiven()
    {
        using var c = await TenantAsync(engine);

        var run = await StartAsync(c, r =>
        {
            r.Epochs = 2;
            r.BatchSize = 64;
            r.LearningRate = 0.05;
            r.Seed = 7;
            r.Recipe = "popularity";
            r.Family = "feed";
            r.Rubric = new Rubric { PrimaryMetric = "hr@10", Patience = 1, Gates = { new RubricGate { Name = "min_recall@20", MinValue = 0.2 } } };
        });

        Assert.Equal((2, 64, 0.05, 7L, "popularity", "feed"), (run.EpochsPlanned, run.BatchSize, run.LearningRate, run.Seed, run.Recipe, run.Family));
        Assert.Equal(("hr@10", 1, "min_recall@20"), (run.Rubric.PrimaryMetric, run.Rubric.Patience, run.Rubric.Gates.Single().Name));
        await c.Training.StopRunAsync(new StopRunRequest { RunId = run.RunId }).Within();
    }
}
