using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Training;

[Collection(CliCollection.Name)]
public sealed class DatasetCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task UploadListDelete_RoundTrip_PrintsAndStores()
    {
        var tenant = CliEngine.NewTenant();
        using var directory = new TempDirectory("cli-datasets");
        var file = Path.Combine(directory.Path, "train.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"user_id":"u1","item_id":"i1","type":"click","timestamp":"2026-01-01T10:00:00Z"}""",
            """{"user_id":"u1","item_id":"i2","type":"purchase","timestamp":1767261600000000}""",
            "",
            """{"user_id":"u2","item_id":"i1","type":"click","timestamp":"2026-01-02T10:00:00Z"}""",
        ]);

        var uploaded = (await engine.RunAsync(tenant, "datasets", "upload", file, "--name", "train-jan", "--description", "January", "-o", "json")).Ok().Json();
        Assert.Equal("train-jan", uploaded.GetProperty("datasetId").GetString());
        Assert.Equal("3", uploaded.GetProperty("events").GetString());
        Assert.Equal("2", uploaded.GetProperty("users").GetString());
        Assert.Equal(64, uploaded.GetProperty("sha256").GetString()!.Length);

        var table = (await engine.RunAsync(tenant, "datasets", "list")).Ok();
        Assert.Contains("train-jan", table.Out, StringComparison.Ordinal);
        Assert.Contains("January", table.Out, StringComparison.Ordinal);

        var deleted = (await engine.RunAsync(tenant, "datasets", "delete", "train-jan")).Ok();
        Assert.Contains("Deleted dataset train-jan", deleted.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await engine.RunAsync(tenant, "datasets", "list", "-o", "json")).Ok().Json().GetArrayLength());
    }

    [Fact]
    public async Task Upload_BadLine_ExitsRefusedWithTheLineNumber()
    {
        var tenant = CliEngine.NewTenant();
        using var directory = new TempDirectory("cli-datasets");
        var file = Path.Combine(directory.Path, "bad.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"user_id":"u1","item_id":"i1","type":"click","timestamp":"2026-01-01T10:00:00Z"}""",
            """{"user_id":"u1","type":"click","timestamp":"2026-01-01T10:00:00Z"}""",
        ]);

        var result = await engine.RunAsync(tenant, "datasets", "upload", file, "--name", "bad");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await engine.RunAsync(tenant, "datasets", "list", "-o", "json")).Ok().Json().GetArrayLength());
    }

    [Fact]
    public async Task Upload_MissingFile_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "datasets", "upload", "/nonexistent/x.jsonl", "--name", "x");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithoutName_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "datasets", "upload", "/tmp/x.jsonl");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--name", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Unknown_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "datasets", "delete", "nope");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }
}
