using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Cli.Tests.Models;
using NeuronEngine.Contracts.V1;
using static NeuronEngine.Testing.PlantedModels;

namespace NeuronEngine.Cli.Tests.Recommend;

[Collection(CliCollection.Name)]
public sealed class RecommendCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task Recommend_HistoryInOneCluster_ThatClustersItemsRankedWithTheModel()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.ServeAsync();
        (await engine.RunAsync(tenant.Tenant, "events", "track", "-u", "u1", "-i", ItemId(6), "--type", "click")).Ok();

        var json = (await engine.RunAsync(tenant.Tenant, "recommend", "--user", "u1", "--count", "3", "-o", "json")).Ok().Json();
        var expected = Expected(ServingTenant.Items, ServingTenant.Clusters, 2, 3, [ItemId(6)]);
        Assert.Equal(expected, json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.Equal("recs", json.GetProperty("model").GetProperty("family").GetString());
        Assert.Equal(1, json.GetProperty("model").GetProperty("version").GetInt32());
        Assert.False(json.GetProperty("popularFallback").GetBoolean());

        var table = (await engine.RunAsync(tenant.Tenant, "recommend", "-u", "u1", "-n", "3")).Ok();
        Assert.Matches($@"1\s+{expected[0]}\s+\S+\s+recs v1", table.Out);
        Assert.Matches($@"3\s+{expected[2]}\s+\S+\s+recs v1", table.Out);
    }

    [Fact]
    public async Task Recommend_FilterAndIncludeSeen_PassedToTheEngine()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.ServeAsync();
        await tenant.Client.Catalog.UpsertAsync([new Item { ItemId = ItemId(38), Attributes = { ["tier"] = "gold" } }, new Item { ItemId = ItemId(10), Attributes = { ["tier"] = "gold" } }])
            .WaitAsync(TimeSpan.FromSeconds(30));
        (await engine.RunAsync(tenant.Tenant, "events", "track", "-u", "u1", "-i", ItemId(38), "--type", "click")).Ok();

        var filtered = (await engine.RunAsync(tenant.Tenant, "recommend", "-u", "u1", "--filter", "tier=gold", "-o", "json")).Ok().Json();
        Assert.Equal([ItemId(10)], filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        var seen = (await engine.RunAsync(tenant.Tenant, "recommend", "-u", "u1", "-f", "tier=gold", "--include-seen", "-o", "json")).Ok().Json();
        Assert.Equal([ItemId(38), ItemId(10)], seen.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));

        var bad = await engine.RunAsync(tenant.Tenant, "recommend", "-u", "u1", "--filter", "tier");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Equal("neuron: --filter: \"tier\" is not name=value", bad.Error.Trim());
    }

    [Fact]
    public async Task Recommend_NothingPromoted_SaysSoAndExitsOk()
    {
        var result = (await engine.RunAsync(CliEngine.NewTenant(), "recommend", "--user", "u1")).Ok();
        Assert.StartsWith("No recommendations for u1: no model is promoted on production", result.Out, StringComparison.Ordinal);
        var json = (await engine.RunAsync(CliEngine.NewTenant(), "recommend", "--user", "u1", "-o", "json")).Ok().Json();
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Recommend_BadCountOrNoUser_RefusedOrUsage()
    {
        var count = await engine.RunAsync(CliEngine.NewTenant(), "recommend", "--user", "u1", "--count", "0");
        Assert.Equal(ExitCodes.Refused, count.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: count", count.Error, StringComparison.Ordinal);
        var user = await engine.RunAsync(CliEngine.NewTenant(), "recommend");
        Assert.Equal(ExitCodes.Usage, user.ExitCode);
    }

    [Fact]
    public async Task Similar_PlantedModel_SameClusterFirstAndUnknownItemNotFound()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.ServeAsync();

        var json = (await engine.RunAsync(tenant.Tenant, "similar", "--item", ItemId(6), "--count", "4", "-o", "json")).Ok().Json();
        Assert.Equal([ItemId(2), ItemId(10), ItemId(14), ItemId(18)], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        var table = (await engine.RunAsync(tenant.Tenant, "similar", "-i", ItemId(6), "-n", "1")).Ok();
        Assert.Matches($@"1\s+{ItemId(2)}\s+1\s+recs v1", table.Out);

        var unknown = await engine.RunAsync(tenant.Tenant, "similar", "--item", "ghost");
        Assert.Equal(ExitCodes.Refused, unknown.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", unknown.Error, StringComparison.Ordinal);
    }
}
