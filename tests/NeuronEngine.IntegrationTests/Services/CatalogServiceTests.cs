using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class CatalogServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static Item Item(string id, params (string Key, string Value)[] attributes)
    {
        var item = new Item { ItemId = id };
        foreach (var (k, v) in attributes)
        {
            item.Attributes[k] = v;
        }

        return item;
    }

    [Fact]
    public async Task UpsertGetDelete_ItemBecomesInactiveNotGone()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var upsert = new UpsertItemsRequest { Items = { Item("shoe-1", ("category", "shoes")), Item("hat-1", ("category", "hats")) } };
        Assert.Equal(2, (await c.Catalog.UpsertItemsAsync(upsert).Within()).Upserted);

        var shoe = await c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "shoe-1" }).Within();
        Assert.True(shoe.Active);
        Assert.Equal("shoes", shoe.Attributes["category"]);

        await c.Catalog.UpsertItemsAsync(new UpsertItemsRequest { Items = { Item("shoe-1", ("category", "sneakers")) } }).Within();
        Assert.Equal("sneakers", (await c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "shoe-1" }).Within()).Attributes["category"]);

        var deleted = await c.Catalog.DeleteItemsAsync(new DeleteItemsRequest { ItemIds = { "shoe-1", "never-existed" } }).Within();
        Assert.Equal(1, deleted.Deleted);
        Assert.False((await c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "shoe-1" }).Within()).Active);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "never-existed" }).ResponseAsync);
    }

    [Fact]
    public async Task ListItems_PagesThroughEveryItemOnce()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var ids = Enumerable.Range(0, 2500).Select(i => $"item-{i:D5}").ToArray();
        await c.Catalog.UpsertItemsAsync(new UpsertItemsRequest { Items = { ids.Select(id => Item(id)) } }).Within();

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await c.Catalog.ListItemsAsync(new ListItemsRequest { PageSize = 1000, PageToken = token }).Within();
            seen.AddRange(page.Items.Select(i => i.ItemId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task UpsertItems_BadItem_InvalidArgumentAndNothingStored()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var request = new UpsertItemsRequest { Items = { Item("ok-1"), Item(""), Item("ok-2") } };
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Catalog.UpsertItemsAsync(request).ResponseAsync, "items[1].item_id");
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "ok-1" }).ResponseAsync);
    }

    [Fact]
    public async Task UpsertItems_OverTheMaximum_InvalidArgument()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var request = new UpsertItemsRequest { Items = { Enumerable.Range(0, 10_001).Select(i => Item("i" + i)) } };
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Catalog.UpsertItemsAsync(request).ResponseAsync, "items");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ListItems_BadPageSize_InvalidArgument(int pageSize)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Catalog.ListItemsAsync(new ListItemsRequest { PageSize = pageSize }).ResponseAsync, "page_size");
    }

    [Fact]
    public async Task ListItems_BadPageToken_InvalidArgument()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Catalog.ListItemsAsync(new ListItemsRequest { PageToken = "!!not-a-token!!" }).ResponseAsync, "page_token");
    }

    [Fact]
    public async Task UpsertItems_HundredThousandItemsInTenCalls_AllStored()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        for (var call = 0; call < 10; call++)
        {
            var request = new UpsertItemsRequest { Items = { Enumerable.Range(call * 10_000, 10_000).Select(i => Item($"p{i}", ("category", $"c{i % 50}"))) } };
            Assert.Equal(10_000, (await c.Catalog.UpsertItemsAsync(request).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60))).Upserted);
        }

        Assert.Equal("c49", (await c.Catalog.GetItemAsync(new GetItemRequest { ItemId = "p99999" }).Within()).Attributes["category"]);
    }
}
