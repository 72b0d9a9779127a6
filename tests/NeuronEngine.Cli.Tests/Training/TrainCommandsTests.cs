using System.Text.RegularExpressions;
using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Training;

[Collection(CliCollection.Name)]
public sealed class TrainCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task Start_WatchRedirected_PrintsOneLinePerEpochThenTheOutcome()
    {
        var (tenant, templateId) = await TrainableTenant.CreateAsync(engine);
        var result = (await engine.RunAsync(tenant, "train", "start", "--template", templateId, "--epochs", "2", "--seed", "9", "--watch")).Ok();

        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Run ", lines[0], StringComparison.Ordinal);
        Assert.Contains("2 epochs", lines[0], StringComparison.Ordinal);
        Assert.Single(lines, l => l.StartsWith("epoch 1/2  loss ", StringComparison.Ordinal) && l.Contains("ndcg@10 ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("epoch 2/2  loss ", StringComparison.Ordinal) && l.Contains("recall@20 ", StringComparison.Ordinal));
        var outcome = lines[^1];
        Assert.Matches(new Regex("^(SUCCEEDED|EARLY_STOPPED) in "), outcome);

        // Each line is printed when its epoch finishes, so the mark means "best so far": the run's best epoch has it.
        var best = Regex.Match(outcome, @"best epoch (\d) ").Groups[1].Value;
        Assert.Single(lines, l => l.StartsWith($"epoch {best}/2 ", StringComparison.Ordinal) && l.EndsWith("(best so far)", StringComparison.Ordinal));
        Assert.Contains("registered cli-test-feed v1 PENDING", outcome, StringComparison.Ordinal);

        // Issue 20: the suggested command left out the tenant, so it approved nothing in another tenant.
        Assert.Contains($"(approve: neuron models approve cli-test-feed 1 -t {tenant})", outcome, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Start_WatchJson_PrintsOnlyTheFinalRun()
    {
        var (tenant, _, runId) = await TrainableTenant.TrainedAsync(engine);

        // TrainedAsync ran "train start --watch -o json" and parsed stdout as one document; here the run it returned is checked.
        var run = (await engine.RunAsync(tenant, "runs", "show", runId, "-o", "json")).Ok().Json();
        Assert.Equal("SUCCEEDED", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("epochs").GetArrayLength());
        Assert.Equal(1, run.GetProperty("version").GetProperty("version").GetInt32());
        Assert.Equal("5", run.GetProperty("seed").GetString());
    }

    [Fact]
    public async Task Start_WithoutWatch_PrintsTheQueuedRunAndExits()
    {
        var (tenant, templateId) = await TrainableTenant.CreateAsync(engine, users: 60, items: 36);
        var result = (await engine.RunAsync(tenant, "train", "start", "--template", templateId, "--recipe", "popularity", "--epochs", "1")).Ok();
        var runId = Regex.Match(result.Out, @"Run\s+(\S+)").Groups[1].Value;
        Assert.NotEqual("", runId);
        Assert.Contains("QUEUED", result.Out, StringComparison.Ordinal);
        Assert.Contains("popularity", result.Out, StringComparison.Ordinal);
        Assert.Contains($"neuron runs watch {runId}", result.Out, StringComparison.Ordinal);

        // Let it finish so it does not hold the trainer for the next test.
        (await engine.RunAsync(tenant, "runs", "watch", runId)).Ok();
    }

    [Fact]
    public async Task Start_UnknownTemplate_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "train", "start", "--template", "nope");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EpochsOutOfRange_ExitsRefusedNamingTheField()
    {
        var (tenant, templateId) = await TrainableTenant.CreateAsync(engine, users: 60, items: 36);
        var result = await engine.RunAsync(tenant, "train", "start", "--template", templateId, "--epochs", "0", "-o", "json");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("epochs", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Start_TrainDatasetWithoutEvalDataset_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "train", "start", "--template", "t", "--train-dataset", "a");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--eval-dataset", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutTemplate_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "train", "start", "--epochs", "2");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--template", result.Error, StringComparison.Ordinal);
    }
}
