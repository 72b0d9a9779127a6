using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class TenantIsolationTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task TenantB_SeesNoneOfTenantAsData()
    {
        using var a = engine.Clients(EngineFixture.NewTenant("a"));
        using var b = engine.Clients(EngineFixture.NewTenant("b"));
        await Seed.EventTypesAsync(a);
        await a.Events.TrackAsync(Seed.Batch(Seed.Event("u1", "i1", id: "e1"), Seed.Event("u2", "i2", "purchase"))).Within();
        await a.Catalog.UpsertItemsAsync(new UpsertItemsRequest { Items = { new Item { ItemId = "i1" } } }).Within();
        var template = new Template { TemplateId = "t", Name = "T", Signals = { new Signal { Type = "click" } } };
        await a.Templates.CreateTemplateAsync(template).Within();

        Assert.Empty((await b.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within()).EventTypes);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => b.EventTypes.GetEventTypeAsync(new GetEventTypeRequest { Type = "click" }).ResponseAsync);
        Assert.Empty((await b.Templates.ListTemplatesAsync(new ListTemplatesRequest()).Within()).Templates);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => b.Templates.GetTemplateAsync(new GetTemplateRequest { TemplateId = "t" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => b.Catalog.GetItemAsync(new GetItemRequest { ItemId = "i1" }).ResponseAsync);
        Assert.Empty((await b.Catalog.ListItemsAsync(new ListItemsRequest()).Within()).Items);

        var stats = await b.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal((0, 0, 0), (stats.Total, stats.DistinctUsers, stats.DistinctItems));
        Assert.Empty(stats.Types_);

        // B cannot track A's types, and the same event id in B is B's own.
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => b.Events.TrackAsync(Seed.Batch(Seed.Event("u1", "i1"))).ResponseAsync, "unknown event type");
        await Seed.EventTypesAsync(b);
        var tracked = await b.Events.TrackAsync(Seed.Batch(Seed.Event("u1", "i1", id: "e1"))).Within();
        Assert.Equal((1, 0), (tracked.Accepted, tracked.Duplicates));
        Assert.Equal(2, (await a.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
    }
}
