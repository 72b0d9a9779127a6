using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;
using static NeuronEngine.Testing.PlantedModels;

namespace NeuronEngine.IntegrationTests.Services;

/// <summary>Recommend and SimilarItems on a planted model (40 items, 4 clusters): the expected lists are exact.</summary>
public sealed class RecommendationServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>, IDisposable
{
    private const int Items = 40;
    private const int Clusters = 4;
    private readonly TempDirectory scratch = new("recommend");

    private async Task<EngineClients> ServingTenantAsync(Dictionary<string, float>? signalWeights = null)
    {
        var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        var version = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, Guid.NewGuid().ToString("N"), Items, Clusters, signalWeights);
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();
        return c;
    }

    private static async Task<string[]> RecommendAsync(EngineClients c, string user, int? count = null, bool? excludeSeen = null, Dictionary<string, string>? filter = null)
    {
        var request = new RecommendRequest { UserId = user };
        if (count is { } n)
        {
            request.Count = n;
        }

        if (excludeSeen is { } exclude)
        {
            request.ExcludeSeen = exclude;
        }

        foreach (var (k, v) in filter ?? [])
        {
            request.Filter[k] = v;
        }

        var response = await c.Recommendations.RecommendAsync(request).Within();
        return [.. response.Items.Select(i => i.ItemId)];
    }

    [Fact]
    public async Task Recommend_HistoryInOneCluster_ExactTopKOfThatClusterWithoutSeenItems()
    {
        using var c = await ServingTenantAsync();
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(6)), Event("u1", ItemId(38), "purchase"))).Within();

        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1", Count = 5 }).Within();
        Assert.Equal(Expected(Items, Clusters, cluster: 2, count: 5, exclude: [ItemId(6), ItemId(38)]), response.Items.Select(i => i.ItemId));
        Assert.Equal(("recs", 1), (response.Model.Family, response.Model.Version));
        Assert.False(response.PopularFallback);
        Assert.True(response.Items.Zip(response.Items.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task Recommend_ExcludeSeenFalse_SeenItemsMayAppear()
    {
        using var c = await ServingTenantAsync();
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(38)))).Within();
        Assert.Equal([ItemId(38), ItemId(34)], await RecommendAsync(c, "u1", count: 2, excludeSeen: false));
    }

    [Fact]
    public async Task Recommend_NewEvent_ChangesTheNextRecommendationAtOnce()
    {
        using var c = await ServingTenantAsync();
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(1)))).Within();
        Assert.Equal(Expected(Items, Clusters, 1, 3, [ItemId(1)]), await RecommendAsync(c, "u1", count: 3));

        // Three purchases in cluster 3 outweigh one click in cluster 1.
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(3), "purchase"), Event("u1", ItemId(7), "purchase"), Event("u1", ItemId(11), "purchase"))).Within();
        Assert.Equal(Expected(Items, Clusters, 3, 3, [ItemId(3), ItemId(7), ItemId(11)]), await RecommendAsync(c, "u1", count: 3));
    }

    [Fact]
    public async Task Recommend_InactiveAndFilteredItems_LeftOut()
    {
        using var c = await ServingTenantAsync();
        await c.Catalog.UpsertItemsAsync(new UpsertItemsRequest
        {
            Items = { Enumerable.Range(0, Items).Select(j => new Item { ItemId = ItemId(j), Attributes = { ["parity"] = j % 4 == 2 && j % 8 == 2 ? "odd-eight" : "other" } }) },
        }).Within();
        await c.Catalog.DeleteItemsAsync(new DeleteItemsRequest { ItemIds = { ItemId(34) } }).Within();
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(2)))).Within();

        Assert.Equal([ItemId(38), ItemId(30), ItemId(26)], await RecommendAsync(c, "u1", count: 3));
        Assert.Equal([ItemId(26), ItemId(18), ItemId(10)], await RecommendAsync(c, "u1", count: 3, filter: new() { ["parity"] = "odd-eight" }));
        Assert.Empty(await RecommendAsync(c, "u1", filter: new() { ["parity"] = "no-such-value" }));
    }

    [Fact]
    public async Task Recommend_ColdUser_PopularActiveItemsMarkedAsSuch()
    {
        using var c = await ServingTenantAsync();
        await c.Events.TrackAsync(Batch(
            Event("u1", ItemId(5), "purchase"), Event("u2", ItemId(5), "purchase"), Event("u3", ItemId(9), "purchase"),
            Event("u4", ItemId(12), "click"), Event("u5", ItemId(13), "purchase"))).Within();
        await c.Catalog.UpsertItemsAsync(new UpsertItemsRequest { Items = { new Item { ItemId = ItemId(13), Active = false } } }).Within();

        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "never-seen", Count = 3 }).Within();
        Assert.True(response.PopularFallback);
        Assert.Equal([ItemId(5), ItemId(9), ItemId(12)], response.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task Recommend_NothingPromoted_EmptyAndOk()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
        Assert.Empty(response.Items);
        Assert.Null(response.Model);
    }

    [Fact]
    public async Task Recommend_OtherTenantsEvents_Invisible()
    {
        using var a = await ServingTenantAsync();
        await a.Events.TrackAsync(Batch(Event("u1", ItemId(6)), Event("u2", ItemId(9), "purchase"))).Within();
        using var b = await ServingTenantAsync();

        // In b, u1 has no history and nothing is popular: a's events do not reach b's history or popularity.
        var response = await b.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1" }).Within();
        Assert.True(response.PopularFallback);
        Assert.Empty(response.Items);
    }

    /// <summary>
    /// Regression: exclude masks were keyed by filters joined with a separator that values may contain, so
    /// {a: "x", b: "y"} and {a: "x\u0001b=y"} shared one mask and one of them got the other's items.
    /// </summary>
    [Fact]
    public async Task Recommend_FiltersThatSpellAlike_DoNotShareAMask()
    {
        using var c = await ServingTenantAsync();
        await c.Catalog.UpsertItemsAsync(new UpsertItemsRequest
        {
            Items =
            {
                Enumerable.Range(0, Items).Select(j => new Item
                {
                    ItemId = ItemId(j),
                    Attributes = { ["a"] = j < 20 ? "x" : "x\u0001b=y", ["b"] = j < 20 ? "y" : "z" },
                }),
            },
        }).Within();
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(2)))).Within();

        var two = await RecommendAsync(c, "u1", count: 3, filter: new() { ["a"] = "x", ["b"] = "y" });
        var one = await RecommendAsync(c, "u1", count: 3, filter: new() { ["a"] = "x\u0001b=y" });
        Assert.Equal([ItemId(18), ItemId(14), ItemId(10)], two);
        Assert.Equal([ItemId(38), ItemId(34), ItemId(30)], one);
    }

    [Fact]
    public async Task Recommend_SignalWeightsFromManifest_TypesOutsideTheTemplateOnlyCountAsSeen()
    {
        using var c = await ServingTenantAsync(new Dictionary<string, float> { ["purchase"] = 1f });
        await c.Events.TrackAsync(Batch(Event("u1", ItemId(1), "click"), Event("u1", ItemId(1 + 4), "click"), Event("u1", ItemId(2), "purchase"))).Within();
        Assert.Equal(Expected(Items, Clusters, 2, 3, [ItemId(2)]), await RecommendAsync(c, "u1", count: 3));
    }

    public static TheoryData<RecommendRequest, string> BadRequests => new()
    {
        { new RecommendRequest { UserId = "" }, "user_id: must not be empty" },
        { new RecommendRequest { UserId = "u", Count = 0 }, "count: must be 1-1000 (got 0)" },
        { new RecommendRequest { UserId = "u", Count = 1001 }, "count: must be 1-1000 (got 1001)" },
        { new RecommendRequest { UserId = "u", Filter = { ["bad key"] = "x" } }, "filter[\"bad key\"]: key must be" },
        { new RecommendRequest { UserId = "u", Filter = { [""] = "x" } }, "filter[\"\"]: key must be" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Recommend_BadInput_InvalidArgumentNamingField(RecommendRequest request, string message)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Recommendations.RecommendAsync(request).ResponseAsync, message);
    }

    [Fact]
    public async Task SimilarItems_PlantedModel_SameClusterNearestFirst()
    {
        using var c = await ServingTenantAsync();
        var response = await c.Recommendations.SimilarItemsAsync(new SimilarItemsRequest { ItemId = ItemId(6), Count = 4 }).Within();

        // Cosine similarity: every item of cluster 2 is equally similar (1.0); ties go to the lower index.
        Assert.Equal([ItemId(2), ItemId(10), ItemId(14), ItemId(18)], response.Items.Select(i => i.ItemId));
        Assert.All(response.Items, i => Assert.Equal(1f, i.Score, 4));
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Recommendations.SimilarItemsAsync(new SimilarItemsRequest { ItemId = "unknown" }).ResponseAsync, "vocabulary");
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Recommendations.SimilarItemsAsync(new SimilarItemsRequest { ItemId = ItemId(6), Count = 0 }).ResponseAsync, "count");
    }

    public void Dispose() => scratch.Dispose();
}
