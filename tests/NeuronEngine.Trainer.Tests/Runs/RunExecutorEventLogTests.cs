using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Trainer.Measurement;
using NeuronEngine.Trainer.Runs;
using NeuronEngine.Trainer.Tests.Datasets;

namespace NeuronEngine.Trainer.Tests.Runs;

/// <summary>The whole path a leased run takes: an event log on disk → <see cref="RunExecutor.ExecuteAsync(RunSpec, string, IRunReporter, CancellationToken)"/> → an artifact the engine's loader accepts.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RunExecutorEventLogTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task ExecuteAsync_EventLog_ArtifactPassesTheEngineContractCheck()
    {
        var log = Path.Combine(temp.Path, "log");
        var events = SyntheticData.Generate(new SyntheticDataOptions { Users = 200, Items = 100, Events = 4_000, Clusters = 5, Seed = 9 });
        var batches = events.Chunk(500).Select(c => TestLog.Batch("acme", [.. c.Select(e => TestLog.Event(e.UserId, e.ItemId, e.Type, e.TimestampMicros))])).ToArray();
        var ends = await TestLog.WriteAsync(log, batches);
        var spec = TrainingData.Spec(epochs: 2) with { EventLogDirectory = log, LogPosition = ends[^1] };
        var reporter = new RecordingReporter();

        var outcome = await TrainingData.Executor().ExecuteAsync(spec, Path.Combine(temp.Path, "work"), reporter, CancellationToken.None).WaitAsync(TrainingData.Timeout);

        using var loader = new ModelLoader(
            new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "cpu" }), NullLogger<ExecutionProviders>.Instance),
            Options.Create(new InferenceOptions { Provider = "cpu" }),
            NullLogger<ModelLoader>.Instance);
        var manifest = loader.Check(outcome.ArtifactDirectory);
        Assert.Equal("pooled-history", manifest.Recipe);
        Assert.Equal(50, manifest.Serving.HistoryLength);
        Assert.Equal(0, manifest.Serving.RecencyHalfLifeHours);
        Assert.Equal(new Dictionary<string, float> { ["view"] = 1, ["click"] = 2, ["purchase"] = 5 }, manifest.Serving.SignalWeights);
        Assert.Equal(File.ReadAllLines(Path.Combine(outcome.ArtifactDirectory, ModelContract.VocabularyFile)).Length, manifest.Items);
        Assert.Equal(outcome.FinalMetrics["ndcg@10"], manifest.Metrics["ndcg@10"]);

        var run = manifest.Run!.Value;
        Assert.Equal(ends[^1].Offset, run.GetProperty("data").GetProperty("log_position").GetInt64());
        Assert.Equal(0, run.GetProperty("split").GetProperty("overlap").GetInt64());
        Assert.Equal(2, run.GetProperty("epochs").GetArrayLength());
        Assert.Equal(JsonValueKind.String, run.GetProperty("code_version").ValueKind);
        Assert.Equal(2, reporter.Epochs.Count);
        Assert.False(Directory.Exists(outcome.ArtifactDirectory + ".partial"));
    }
}
