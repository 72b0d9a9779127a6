using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Cli.Tests.Models;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Events;

[Collection(CliCollection.Name)]
public sealed class EventImportCommandTests(CliEngine engine) : IDisposable
{
    private readonly TempDirectory dir = new("cli-events");

    [Fact]
    public async Task Import_CsvTwice_StoresEachRowOnceWithDerivedIds()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var file = Write("events.csv", """
            user_id,item_id,type,timestamp,tags
            u1,i1,click,2026-01-02T03:04:05Z,surface:home
            u1,i2,purchase,1767323045,
            u2,"i1",click,,surface:home;slot:top

            u3,i3,click,,
            """);

        var first = (await engine.RunAsync(tenant.Tenant, "events", "import", file, "-o", "json")).Ok().Json();
        Assert.Equal(4, first.GetProperty("read").GetInt64());
        Assert.Equal(4, first.GetProperty("sent").GetInt64());
        Assert.Equal(0, first.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, first.GetProperty("skipped").GetInt64());
        Assert.Equal(0, first.GetProperty("failed").GetInt64());
        Assert.True(first.GetProperty("seconds").GetDouble() >= 0);
        Assert.True(first.TryGetProperty("eventsPerSecond", out _));
        Assert.Equal(0, first.GetProperty("errors").GetArrayLength());

        // An interrupted import is simply run again: the derived ids make every row a duplicate.
        var again = (await engine.RunAsync(tenant.Tenant, "events", "import", file)).Ok();
        Assert.Contains("Imported 4 of 4 events from events.csv", again.Out, StringComparison.Ordinal);
        Assert.Contains("4 already stored", again.Out, StringComparison.Ordinal);

        var stats = (await engine.RunAsync(tenant.Tenant, "events", "stats", "-o", "json")).Ok().Json();
        Assert.Equal("4", stats.GetProperty("total").GetString());
        Assert.Equal("3", stats.GetProperty("distinctUsers").GetString());
    }

    [Fact]
    public async Task Import_BadRows_SkippedByLineNumberAndExitPartial()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var file = Write("bad.csv", """
            user_id,item_id,type,timestamp
            u1,i1,click,
            u1,,click,
            u2,i2,click,yesterday
            u3,i3,click
            u4,i4,click,2026-01-02T03:04:05Z
            """);

        var result = await engine.RunAsync(tenant.Tenant, "events", "import", file, "-o", "json");
        Assert.Equal(ExitCodes.Partial, result.ExitCode);
        var report = result.Json();
        Assert.Equal(5, report.GetProperty("read").GetInt64());
        Assert.Equal(2, report.GetProperty("sent").GetInt64());
        Assert.Equal(3, report.GetProperty("skipped").GetInt64());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3L, 4L, 5L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.Equal("item_id: missing", errors[0].GetProperty("reason").GetString());
        Assert.StartsWith("timestamp: \"yesterday\"", errors[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("expected 4 columns, found 3", errors[2].GetProperty("reason").GetString());

        var table = await engine.RunAsync(tenant.Tenant, "events", "import", file, "--max-errors", "1");
        Assert.Equal(ExitCodes.Partial, table.ExitCode);
        Assert.Contains("bad.csv line 3: item_id: missing", table.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 4", table.Error, StringComparison.Ordinal);
        Assert.Contains("and 2 more", table.Error, StringComparison.Ordinal);
        Assert.Contains("3 skipped", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OnErrorAbort_SendsRowsBeforeTheBadOneOnlyAndExitsUsage()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var file = Write("abort.jsonl", """
            {"user_id":"u1","item_id":"i1","type":"click"}
            {"user_id":"u2","item_id":"i2","type":"click","tags":["surface:home"]}
            {"user_id":"u3","item_id":"i3","type":"click"
            {"user_id":"u4","item_id":"i4","type":"click"}
            """);

        var result = await engine.RunAsync(tenant.Tenant, "events", "import", file, "--on-error", "abort");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("neuron: line 3: not valid JSON", line, StringComparison.Ordinal);
        Assert.Contains("2 events before it were sent, nothing after it", line, StringComparison.Ordinal);

        var stats = (await engine.RunAsync(tenant.Tenant, "events", "stats", "-o", "json")).Ok().Json();
        Assert.Equal("2", stats.GetProperty("total").GetString());
    }

    [Fact]
    public async Task Import_EngineRefusesOneEvent_OnlyThatRowFailsWithTheEngineReason()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var file = Write("refused.jsonl", """
            {"user_id":"u1","item_id":"i1","type":"click","event_id":"e1"}
            {"user_id":"u2","item_id":"i2","type":"clik"}
            {"user_id":"u3","item_id":"i3","type":"purchase","timestamp":"2026-01-02T03:04:05Z"}
            {"user_id":"u4","item_id":"i4","type":"click","tags":"bad tag"}
            {"user_id":"u5","item_id":"i5","type":"click"}
            """);

        var result = await engine.RunAsync(tenant.Tenant, "events", "import", file, "-o", "json");
        Assert.Equal(ExitCodes.Partial, result.ExitCode);
        var report = result.Json();
        Assert.Equal(3, report.GetProperty("sent").GetInt64());
        Assert.Equal(2, report.GetProperty("failed").GetInt64());
        var errors = report.GetProperty("errors").EnumerateArray().OrderBy(e => e.GetProperty("line").GetInt64()).ToList();
        Assert.Equal([2L, 4L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.Contains("unknown event type", errors[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("tags", errors[1].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var stats = (await engine.RunAsync(tenant.Tenant, "events", "stats", "-o", "json")).Ok().Json();
        Assert.Equal("3", stats.GetProperty("total").GetString());
    }

    [Fact]
    public async Task Import_CutShortThenRunAgainOnTheWholeFile_EveryRowStoredExactlyOnce()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var rows = Enumerable.Range(0, 1500).Select(i => $"u{i % 37},i{i % 101},click").ToList();
        var file = dir.Combine("events.csv");

        // What an interrupted import left behind: the file's first 1,000 rows stored. The same file, whole, is then
        // imported again: its rows' derived ids (file name, line number, line) match, so nothing is stored twice.
        await File.WriteAllLinesAsync(file, ["user_id,item_id,type", .. rows.Take(1000)]);
        (await engine.RunAsync(tenant.Tenant, "events", "import", file)).Ok();
        await File.WriteAllLinesAsync(file, ["user_id,item_id,type", .. rows]);

        var again = (await engine.RunAsync(tenant.Tenant, "events", "import", file, "-o", "json")).Ok().Json();

        Assert.Equal(1500, again.GetProperty("sent").GetInt64());
        Assert.Equal(1000, again.GetProperty("duplicates").GetInt64());
        var stats = await tenant.Client.Events.GetStatsAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1500, stats.Total);
    }

    [Theory]
    [InlineData("user_id,item_id\nu1,i1\n", "no \"type\" column")]
    [InlineData("user_id,item_id,type,colour\nu1,i1,click,red\n", "unknown column \"colour\"")]
    [InlineData("", "empty")]
    public async Task Import_BadHeader_ExitsUsageBeforeSending(string content, string expected)
    {
        var file = Write("header.csv", content);
        var result = await engine.RunAsync(CliEngine.NewTenant(), "events", "import", file);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("neuron: header.csv", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingFileOrUnknownExtension_ExitsUsage()
    {
        var missing = await engine.RunAsync(CliEngine.NewTenant(), "events", "import", dir.Combine("nope.csv"));
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("no such file", missing.Error, StringComparison.Ordinal);

        var unknown = await engine.RunAsync(CliEngine.NewTenant(), "events", "import", Write("events.txt", "x"));
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("--format", unknown.Error, StringComparison.Ordinal);
    }

    public void Dispose() => dir.Dispose();

    private string Write(string name, string content)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }
}
