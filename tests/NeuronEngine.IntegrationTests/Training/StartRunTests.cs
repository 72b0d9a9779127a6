using Grpc.Core;
using Microsoft.Data.Sqlite;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
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
        Assert.Equal((DefaultFamily, "operator@loopback", "queued"), (run.Family, run.Actor, run.Progress.Phase));
        Assert.InRange(run.Seed, 0, int.MaxValue);
        Assert.Equal(run, await c.Training.GetRunAsync(new GetRunRequest { RunId = run.RunId }).Within());
        Assert.Equal([run.RunId], (await c.Training.ListRunsAsync(new ListRunsRequest { TemplateId = TemplateId, Status = RunStatus.Queued }).Within()).Runs.Select(r => r.RunId));
        Assert.Empty((await c.Training.ListRunsAsync(new ListRunsRequest { Status = RunStatus.Running }).Within()).Runs);

        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync(run.RunId);
        Assert.Equal((TemplateId, TemplateName, 2L), (lease.Template.TemplateId, lease.Template.Name, lease.Template.MinTotalEvents));
        var signal = lease.Template.Signals.Single();
        Assert.Equal(("click", 5, 1L), (signal.Type, signal.Weight, signal.Threshold));
        Assert.Equal("", lease.Template.TagFilter);
        Assert.True(lease.LogPosition > 0, "the data window must cover the events tracked before StartRun");
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "done with it");
    }

    [Fact]
    public async Task StartRun_TemplateWithTagAndInheritedWeight_LeaseCarriesEveryFieldOfTheFrozenTemplate()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        var template = new Template { TemplateId = "tagged", Name = "Tagged home", MinTotalEvents = 2, TagFilter = "surface:home" };
        template.Signals.Add(new Signal { Type = "click", Threshold = 1 });
        template.Signals.Add(new Signal { Type = "purchase", Weight = 60 });
        await c.Templates.CreateTemplateAsync(template).Within();
        await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = "tagged" }).Within();
        // Edited after publishing: the run keeps the weight the template froze.
        await c.EventTypes.UpdateEventTypeAsync(new EventType { Type = "click", Name = "click", Weight = 9 }).Within();
        await c.Events.TrackAsync(Seed.Batch([.. Enumerable.Range(0, 3).Select(i => Seed.Event($"u{i}", PlantedModels.ItemId(i), tags: "surface:home"))])).Within();
        var run = await c.Training.StartRunAsync(new StartRunRequest { TemplateId = "tagged" }).Within();

        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync(run.RunId);

        Assert.Equal(
            new FrozenTemplate
            {
                TemplateId = "tagged",
                Name = "Tagged home",
                Signals = { new FrozenSignal { Type = "click", Weight = 5, Threshold = 1 }, new FrozenSignal { Type = "purchase", Weight = 60, Threshold = 0 } },
                MinTotalEvents = 2,
                TagFilter = "surface:home",
            },
            lease.Template);
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "done with it");
    }

    /// <summary>An engine before the template was a message stored it with the run as hand-written JSON; such a run still leases.</summary>
    [Fact]
    public async Task LeaseRun_RunStoredByAnOlderEngine_TemplateReadFromItsJson()
    {
        using var c = await TenantAsync(engine);
        var run = await StartAsync(c);
        const string Old = """{"template_id":"home","name":"Home feed","signals":[{"type":"click","weight":7,"threshold":1},{"type":"view","weight":1,"threshold":0}],"min_total_events":3,"tag_filter":null}""";
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(engine.DataDir, "registry.db")};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE training_runs SET frozen_template = $old WHERE run_id = $run";
            update.Parameters.AddWithValue("$old", Old);
            update.Parameters.AddWithValue("$run", run.RunId);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync(run.RunId);

        Assert.Equal(
            new FrozenTemplate
            {
                TemplateId = TemplateId,
                Name = TemplateName,
                Signals = { new FrozenSignal { Type = "click", Weight = 7, Threshold = 1 }, new FrozenSignal { Type = "view", Weight = 1 } },
                MinTotalEvents = 3,
            },
            lease.Template);
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
