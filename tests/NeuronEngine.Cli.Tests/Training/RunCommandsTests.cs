using System.Text.RegularExpressions;
using NeuronEngine.Cli.Commands.Training;
using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Training;

[Collection(CliCollection.Name)]
public sealed class RunCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task List_FilteredByStatusAndTemplate_ShowsTheRun()
    {
        var (tenant, templateId, runId) = await TrainableTenant.TrainedAsync(engine);

        var table = (await engine.RunAsync(tenant, "runs", "list")).Ok();
        Assert.Contains(runId, table.Out, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED", table.Out, StringComparison.Ordinal);
        Assert.Contains("2/2", table.Out, StringComparison.Ordinal);
        Assert.Contains("cli-test-feed v1", table.Out, StringComparison.Ordinal);

        var succeeded = (await engine.RunAsync(tenant, "runs", "list", "--status", "succeeded", "--template", templateId, "-o", "json")).Ok().Json();
        Assert.Equal(runId, Assert.Single(succeeded.EnumerateArray()).GetProperty("runId").GetString());
        var failed = (await engine.RunAsync(tenant, "runs", "list", "--status", "FAILED", "-o", "json")).Ok().Json();
        Assert.Equal(0, failed.GetArrayLength());
    }

    [Fact]
    public async Task List_Limit_ShowsAtMostThatManyAndZeroIsAUsageError()
    {
        var (tenant, _, runId) = await TrainableTenant.TrainedAsync(engine);

        var one = (await engine.RunAsync(tenant, "runs", "list", "--limit", "1", "-o", "json")).Ok().Json();
        var zero = await engine.RunAsync(tenant, "runs", "list", "--limit", "0");

        Assert.Equal(runId, Assert.Single(one.EnumerateArray()).GetProperty("runId").GetString());
        Assert.Equal(ExitCodes.Usage, zero.ExitCode);
        Assert.Contains("--limit must be at least 1", zero.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "runs", "list", "--status", "finished");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("early-stopped", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_FinishedRun_PrintsEpochsFinalMetricsGatesAndManifest()
    {
        var (tenant, templateId, runId) = await TrainableTenant.TrainedAsync(engine);
        var result = (await engine.RunAsync(tenant, "runs", "show", runId)).Ok();

        foreach (var expected in new[] { runId, templateId, "auto", "SUCCEEDED", "2 epochs, batch 256", "seed 5", "operator@loopback", "cli-test-feed v1",
                     "Final metrics", "POPULARITY", "ITEM-KNN", "EASE", "beats_popularity", "beats_neighbours", "Candidates (auto)",
                     "ease(lambda=50)", "Manifest", "Train interactions", "Shipped recipe", "Refitted on train + eval" })
        {
            Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        }

        // The default trained pooled-history among its candidates: one row per trained epoch, the best marked.
        var rows = result.Out.Split('\n').Where(l => Regex.IsMatch(l, @"^\s*[12]\s+\d+\.\d{4}\s")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, r => r.TrimEnd().EndsWith('*'));
    }

    [Fact]
    public async Task Show_Json_IsTheRunWithItsManifest()
    {
        var (tenant, _, runId) = await TrainableTenant.TrainedAsync(engine);
        var run = (await engine.RunAsync(tenant, "runs", "show", runId, "--output", "json")).Ok().Json();
        Assert.Equal(runId, run.GetProperty("runId").GetString());
        Assert.Contains("\"split\"", run.GetProperty("manifest").GetString(), StringComparison.Ordinal);
        Assert.True(run.GetProperty("finalMetrics").GetProperty("ndcg@10").GetDouble() > 0);
    }

    [Fact]
    public async Task Show_UnknownRun_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "runs", "show", "no-such-run");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FinishedRun_PrintsTheTrainerLines()
    {
        var (tenant, _, runId) = await TrainableTenant.TrainedAsync(engine);
        var table = (await engine.RunAsync(tenant, "runs", "logs", runId, "--follow")).Ok();
        Assert.NotEqual("", table.Out.Trim());

        var json = (await engine.RunAsync(tenant, "runs", "logs", runId, "-o", "json")).Ok().Json();
        Assert.Equal(runId, json.GetProperty("runId").GetString());
        Assert.Equal(table.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, json.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Plot_FinishedRun_WritesAPng()
    {
        var (tenant, _, runId) = await TrainableTenant.TrainedAsync(engine);
        using var directory = new TempDirectory("cli-plot");
        var path = Path.Combine(directory.Path, "curves.png");

        var result = (await engine.RunAsync(tenant, "runs", "plot", runId, "--out", path)).Ok();
        Assert.Equal(path, result.Out.Trim());
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");

        var json = (await engine.RunAsync(tenant, "runs", "plot", runId, "--out", path, "-o", "json")).Ok().Json();
        Assert.Equal(path, json.GetProperty("path").GetString());
        Assert.Equal(2, json.GetProperty("epochs").GetInt32());

        // Issue 20: the graph's title named the template by its id.
        Assert.Equal("cli-test-feed", json.GetProperty("template").GetString());
    }

    [Fact]
    public async Task Plot_UnknownRun_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "runs", "plot", "no-such-run", "--out", "/tmp/never.png");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/never.png"));
    }

    [Fact]
    public async Task Stop_StartedRun_EndsStoppedAndWatchExitsPartial()
    {
        var (tenant, templateId) = await TrainableTenant.CreateAsync(engine, users: 60, items: 36);
        var started = (await engine.RunAsync(tenant, "train", "start", "--template", templateId, "--epochs", "50", "-o", "json")).Ok().Json();
        var runId = started.GetProperty("runId").GetString()!;

        var stopped = (await engine.RunAsync(tenant, "runs", "stop", runId)).Ok();
        Assert.Contains(runId, stopped.Out, StringComparison.Ordinal);

        var watched = await engine.RunAsync(tenant, "runs", "watch", runId);
        Assert.Equal(ExitCodes.Partial, watched.ExitCode);
        Assert.StartsWith("STOPPED after ", watched.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), StringComparison.Ordinal);

        var again = await engine.RunAsync(tenant, "runs", "stop", runId);
        Assert.Equal(ExitCodes.Refused, again.ExitCode);
        Assert.StartsWith("neuron: FAILED_PRECONDITION: ", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_UnknownRun_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "runs", "stop", "no-such-run");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NewLines_LogCappedAtTheHead_ReturnsOnlyLinesAfterTheLastSeen()
    {
        Assert.Equal(["c", "d"], RunLogsCommand.NewLines(["a", "b"], ["a", "b", "c", "d"]));
        Assert.Equal(["d"], RunLogsCommand.NewLines(["a", "b", "c"], ["b", "c", "d"]));
        Assert.Equal(["x"], RunLogsCommand.NewLines([], ["x"]));
        Assert.Empty(RunLogsCommand.NewLines(["a"], ["a"]));
    }
}
