using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Catalog;

[Collection(CliCollection.Name)]
public sealed class CatalogCommandsTests(CliEngine engine) : IDisposable
{
    private readonly TempDirectory dir = new("cli-catalog");

    [Fact]
    public async Task ImportCsv_ColumnsBecomeAttributes_GetAndListShowThem()
    {
        var tenant = CliEngine.NewTenant();
        var file = Write("items.csv", """
            item_id,title,category,active
            shoe-1,"Runner, blue",shoes,
            hat-1,Cap,hats,false
            shoe-2,Trail,shoes,true
            """);

        var imported = (await engine.RunAsync(tenant, "catalog", "import", file, "--batch-size", "2")).Ok();
        Assert.Contains("Imported 3 of 3 items from items.csv", imported.Out, StringComparison.Ordinal);

        var shoe = (await engine.RunAsync(tenant, "catalog", "get", "shoe-1", "-o", "json")).Ok().Json();
        Assert.Equal("Runner, blue", shoe.GetProperty("attributes").GetProperty("title").GetString());
        Assert.Equal("shoes", shoe.GetProperty("attributes").GetProperty("category").GetString());
        Assert.True(shoe.GetProperty("active").GetBoolean());
        var hat = (await engine.RunAsync(tenant, "catalog", "get", "hat-1")).Ok();
        Assert.Matches(@"active\s+no", hat.Out);

        var page = (await engine.RunAsync(tenant, "catalog", "list", "--page-size", "2")).Ok();
        Assert.Contains("hat-1", page.Out, StringComparison.Ordinal);
        Assert.Contains("More items: --page-token", page.Out, StringComparison.Ordinal);
        var all = (await engine.RunAsync(tenant, "catalog", "list", "--page-size", "2", "--all", "-o", "json")).Ok().Json();
        Assert.Equal(["hat-1", "shoe-1", "shoe-2"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal("", all.GetProperty("nextPageToken").GetString());
    }

    [Fact]
    public async Task ImportJsonl_BadRowsSkipped_RepeatedIdLaterRowWins()
    {
        var tenant = CliEngine.NewTenant();
        var file = Write("items.jsonl", """
            {"item_id":"a","attributes":{"colour":"red"},"price":12}
            {"title":"no id"}
            {"item_id":"b","active":"maybe"}
            {"item_id":"a","attributes":{"colour":"blue"}}
            """);

        var result = await engine.RunAsync(tenant, "catalog", "import", file, "-o", "json");
        Assert.Equal(ExitCodes.Partial, result.ExitCode);
        var report = result.Json();
        Assert.Equal(2, report.GetProperty("sent").GetInt64());
        Assert.Equal(2, report.GetProperty("skipped").GetInt64());
        Assert.Equal([2L, 3L], report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()));
        Assert.Equal("item_id: missing", report.GetProperty("errors")[0].GetProperty("reason").GetString());

        var a = (await engine.RunAsync(tenant, "catalog", "get", "a", "-o", "json")).Ok().Json().GetProperty("attributes");
        Assert.Equal("blue", a.GetProperty("colour").GetString());
        Assert.False(a.TryGetProperty("price", out _));
    }

    [Fact]
    public async Task Import_EngineRefusesOneItem_OthersUpserted()
    {
        var tenant = CliEngine.NewTenant();
        var file = Write("refused.jsonl", """
            {"item_id":"a"}
            {"item_id":"b","bad key!":"x"}
            {"item_id":"c"}
            """);

        var result = await engine.RunAsync(tenant, "catalog", "import", file, "-o", "json");
        Assert.Equal(ExitCodes.Partial, result.ExitCode);
        var report = result.Json();
        Assert.Equal(2, report.GetProperty("sent").GetInt64());
        Assert.Equal(1, report.GetProperty("failed").GetInt64());
        Assert.Equal(2, report.GetProperty("errors")[0].GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Delete_KnownAndUnknown_CountsOnlyKnown()
    {
        var tenant = CliEngine.NewTenant();
        (await engine.RunAsync(tenant, "catalog", "import", Write("one.csv", "item_id\nx\n"))).Ok();

        var deleted = (await engine.RunAsync(tenant, "catalog", "delete", "x", "ghost")).Ok();
        Assert.Equal("Deleted 1 items (1 not in the catalog)", deleted.Out.Trim());
        var item = (await engine.RunAsync(tenant, "catalog", "get", "x", "-o", "json")).Ok().Json();
        Assert.False(item.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Get_Unknown_NotFound_AndDeleteWithoutIds_Usage()
    {
        var missing = await engine.RunAsync(CliEngine.NewTenant(), "catalog", "get", "ghost");
        Assert.Equal(ExitCodes.Refused, missing.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", missing.Error, StringComparison.Ordinal);

        var usage = await engine.RunAsync(CliEngine.NewTenant(), "catalog", "delete");
        Assert.Equal(ExitCodes.Usage, usage.ExitCode);
    }

    public void Dispose() => dir.Dispose();

    private string Write(string name, string content)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }
}
