using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Training.TrainingSetup;
using static NeuronEngine.Testing.PlantedModels;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>What <c>CompleteRun</c> accepts as an artifact, and what it does to the trainer's files when it refuses.</summary>
[Collection(TrainingCollection.Name)]
public sealed class RunCompleterTests(TrainingFixture engine) : IDisposable
{
    private readonly TempDirectory scratch = new("trainer");

    public void Dispose() => scratch.Dispose();

    /// <summary>
    /// Pins a bug: any absolute path was taken, so a trainer could have the engine move (or copy and then delete) any
    /// folder it could reach, the model store itself included.
    /// </summary>
    [Fact]
    public async Task CompleteRun_ArtifactOutsideTheWorkDirectory_InvalidArgumentAndNothingMoved()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);
        var elsewhere = Write(scratch.Combine("artifact"));
        var models = Path.Combine(engine.DataDir, "models");
        Directory.CreateDirectory(models);
        var escaping = Path.Combine(lease.WorkDirectory, "..", "..", "..", "models");

        foreach (var path in new[] { elsewhere, models, escaping, engine.DataDir })
        {
            await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Succeeded, path, Metrics()), "artifact_directory: ", "work_directory");
        }

        Assert.True(File.Exists(Path.Combine(elsewhere, "model.onnx")), "a refused artifact stays where it was");
        Assert.True(Directory.Exists(models));
        Assert.True(File.Exists(Path.Combine(engine.DataDir, "trainer.token")));
        Assert.Equal(RunStatus.Running, (await c.Training.GetRunAsync(new GetRunRequest { RunId = lease.Run.RunId }).Within()).Status);
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "test over");
    }

    /// <summary>Pins a bug: a link in the work folder pointing elsewhere passed for a folder inside it.</summary>
    [Fact]
    public async Task CompleteRun_ArtifactThroughASymbolicLink_InvalidArgumentAndTargetKept()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);
        var target = Write(scratch.Combine("artifact"));
        var link = Path.Combine(lease.WorkDirectory, "artifact");
        Directory.CreateSymbolicLink(link, target);

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Succeeded, link, Metrics()), "artifact_directory: ", "symbolic links");

        Assert.True(File.Exists(Path.Combine(target, "model.onnx")));
        await trainer.CompleteAsync(lease, RunStatus.Failed, error: "test over");
    }

    /// <summary>Pins a bug: metrics were checked only after the artifact was taken, so a refused call lost it and a corrected retry failed the run.</summary>
    [Fact]
    public async Task CompleteRun_BadMetricThenRetry_ArtifactKeptForTheRetryWhichRegisters()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);
        var artifact = Write(Path.Combine(lease.WorkDirectory, "artifact"));

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, new() { ["ndcg@10"] = double.NaN }), "final_metrics[\"ndcg@10\"]: ");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, Metrics(), manifest: "not json"), "manifest: ");
        Assert.True(File.Exists(Path.Combine(artifact, "model.onnx")));

        var done = await trainer.CompleteAsync(lease, RunStatus.EarlyStopped, artifact, Metrics());

        Assert.Equal(RunStatus.EarlyStopped, done.Status);
        Assert.Equal(1, done.Version.Version);
    }

    /// <summary>
    /// Pins a race: a trainer retrying CompleteRun while the first call was still checking found the artifact gone and
    /// failed the run (or both moved it at once). Whichever call wins, the run ends SUCCEEDED with one version.
    /// </summary>
    [Fact]
    public async Task CompleteRun_TwoCallsAtOnce_OneVersionAndTheRunSucceeded()
    {
        using var c = await TenantAsync(engine);
        using var trainer = engine.Trainer();
        var lease = await trainer.LeaseAsync((await StartAsync(c)).RunId);
        var artifact = Write(Path.Combine(lease.WorkDirectory, "artifact"));

        var calls = Enumerable.Range(0, 2).Select(_ => Task.Run(() => trainer.CompleteAsync(lease, RunStatus.Succeeded, artifact, Metrics()))).ToList();
        var answers = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                return (Run?)await call;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                return null;
            }
        })).WaitAsync(TimeSpan.FromSeconds(60));

        var run = await c.Training.GetRunAsync(new GetRunRequest { RunId = lease.Run.RunId }).Within();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(1, run.Version.Version);
        Assert.Single(answers, a => a is not null);
        Assert.Single((await c.Models.ListVersionsAsync(new ListVersionsRequest { Family = DefaultFamily }).Within()).Versions);
    }

    private static Dictionary<string, double> Metrics() => new() { ["ndcg@10"] = 0.3 };
}
