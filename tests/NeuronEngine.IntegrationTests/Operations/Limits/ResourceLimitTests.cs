using System.Text;
using Google.Protobuf;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Operations.Limits;

/// <summary>
/// The caps on what a tenant keeps, over real gRPC: each hit once, refused with the status and a message naming the
/// setting and its value, the tenant's data unchanged, other tenants unaffected.
/// </summary>
public sealed class ResourceLimitTests : IAsyncLifetime
{
    private readonly TempDirectory scratch = new("limits-models");
    private OwnEngine? engine;

    private string Address => engine?.Address ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        engine = await OwnEngine.StartAsync("resource-limits",
        [
            "--Limits:MaxEventTypes", "3", "--Limits:MaxCatalogItems", "3", "--Limits:MaxTagValuesPerType", "2",
            "--Limits:MaxVersionsPerFamily", "3", "--Limits:MaxDatasetLineBytes", "1024",
        ]);

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        scratch.Dispose();
    }

    [Fact]
    public async Task CreateEventType_PastMaxEventTypes_ResourceExhaustedNamingTheLimit()
    {
        using var c = new EngineClients(Address, "types");
        await EventTypesAsync(c);

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => c.EventTypes.CreateEventTypeAsync(new EventType { Type = "share", Name = "Share", Weight = 10 }).ResponseAsync,
            "Limits:MaxEventTypes (3) reached for tenant \"types\"");
        Assert.Equal(3, (await c.EventTypes.ListEventTypesAsync(new ListEventTypesRequest()).Within()).EventTypes.Count);
    }

    [Fact]
    public async Task UpsertItems_PastMaxCatalogItems_RefusedWholeWhileUpdatesPass()
    {
        using var c = new EngineClients(Address, "shop");
        await c.Catalog.UpsertItemsAsync(Items("a", "b")).Within();

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => c.Catalog.UpsertItemsAsync(Items("a", "c", "d")).ResponseAsync, "Limits:MaxCatalogItems (3) reached for tenant \"shop\"");

        Assert.Equal(2, (await c.Catalog.ListItemsAsync(new ListItemsRequest()).Within()).Items.Count);
        Assert.Equal(3, (await c.Catalog.UpsertItemsAsync(Items("a", "b", "c")).Within()).Upserted);
        Assert.Equal(2, (await c.Catalog.UpsertItemsAsync(Items("a", "b")).Within()).Upserted);
    }

    [Fact]
    public async Task Track_NewTagPastMaxTagValuesPerType_ResourceExhaustedAndNothingStored()
    {
        using var c = new EngineClients(Address, "tags");
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch(Event("u1", "i1", tags: "surface:home"), Event("u1", "i2", tags: "surface:search"))).Within();

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => c.Events.TrackAsync(Batch(Event("u2", "i1", tags: "surface:home"), Event("u2", "i3", tags: "surface:cart"))).ResponseAsync,
            "Limits:MaxTagValuesPerType (2) reached for tenant \"tags\"", "event type \"click\"");

        Assert.Equal(2, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
        await c.Events.TrackAsync(Batch(Event("u2", "i1", tags: "surface:home"), Event("u2", "i3", type: "view", tags: "surface:cart"))).Within();
    }

    [Fact]
    public async Task UploadDataset_LinePastMaxDatasetLineBytes_InvalidArgumentNamingTheLine()
    {
        using var c = new EngineClients(Address, "data");
        var line = """{"user_id":"u1","item_id":"i1","type":"click","timestamp":1}""";
        var text = $"{line}\n{line}{new string(' ', 1024)}\n";

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = c.Training.UploadDataset();
            await RpcAssert.SendAllAsync(call, [
                new UploadDatasetRequest { Header = new UploadDatasetHeader { DatasetId = "long" } },
                new UploadDatasetRequest { Chunk = ByteString.CopyFrom(Encoding.UTF8.GetBytes(text)) }]);
        }, "line 2: is longer than Limits:MaxDatasetLineBytes (1024 bytes)");
        Assert.Empty((await c.Training.ListDatasetsAsync(new ListDatasetsRequest()).Within()).Datasets);
    }

    [Fact]
    public async Task RegisterVersion_FamilyFull_ResourceExhaustedAndListVersionsPagesWhatIsThere()
    {
        using var c = new EngineClients(Address, "models");
        var zip = PlantedModels.Zip(PlantedModels.Write(scratch.Combine("model"), items: 8, clusters: 2));
        for (var i = 0; i < 3; i++)
        {
            await ModelUploads.RegisterAsync(c, "recs", zip);
        }

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted, () => ModelUploads.RegisterAsync(c, "recs", zip),
            "Limits:MaxVersionsPerFamily (3) reached for tenant \"models\"", "family \"recs\" holds 3 versions");

        var first = await c.Models.ListVersionsAsync(new ListVersionsRequest { Family = "recs", PageSize = 2 }).Within();
        var second = await c.Models.ListVersionsAsync(new ListVersionsRequest { Family = "recs", PageSize = 2, PageToken = first.NextPageToken }).Within();
        Assert.Equal([3, 2, 1], first.Versions.Concat(second.Versions).Select(v => v.Version));
        Assert.Equal("", second.NextPageToken);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => c.Models.ListVersionsAsync(new ListVersionsRequest { Family = "recs", PageToken = "garbage" }).ResponseAsync, "page_token");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => c.Models.ListVersionsAsync(new ListVersionsRequest { Family = "recs", PageSize = 0 }).ResponseAsync, "page_size");
    }

    private static UpsertItemsRequest Items(params string[] ids)
    {
        var request = new UpsertItemsRequest();
        request.Items.Add(ids.Select(id => new Item { ItemId = id }));
        return request;
    }
}
