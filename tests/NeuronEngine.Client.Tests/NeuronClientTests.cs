using Grpc.Core;
using NeuronEngine.Client.Tests.Fixtures;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests;

public sealed class NeuronClientTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventTypes_CreateThenGetAndList_RoundTrip()
    {
        using var client = engine.Client(EngineFixture.NewTenant());

        var created = await client.EventTypes.CreateAsync("purchase", "Purchase", 50).WaitAsync(Timeout);
        var fetched = await client.EventTypes.GetAsync("purchase").WaitAsync(Timeout);
        var listed = await client.EventTypes.ListAsync().WaitAsync(Timeout);

        Assert.Equal(50, created.Weight);
        Assert.Equal("Purchase", fetched.Name);
        Assert.Equal(["purchase"], listed.Select(t => t.Type));
    }

    [Fact]
    public async Task CallersChannel_TwoTenantsShareIt_EachSendsItsOwnAndDisposeLeavesItOpen()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(engine.Address);
        var (a, b) = (EngineFixture.NewTenant(), EngineFixture.NewTenant());
        using (var first = new NeuronClient(channel, new NeuronClientOptions { Tenant = a }))
        {
            await first.EventTypes.CreateAsync("view", "View", 1).WaitAsync(Timeout);
        }

        using var second = new NeuronClient(channel, new NeuronClientOptions { Tenant = b });
        Assert.Empty(await second.EventTypes.ListAsync().WaitAsync(Timeout));
        using var again = new NeuronClient(channel, new NeuronClientOptions { Tenant = a });
        Assert.Equal(["view"], (await again.EventTypes.ListAsync().WaitAsync(Timeout)).Select(t => t.Type));
    }

    [Fact]
    public async Task Events_TrackThenStats_CountsEventsPerTenant()
    {
        using var client = await engine.TenantWithClickAsync();
        using var other = engine.Client(EngineFixture.NewTenant());

        var response = await client.Events.TrackAsync([EngineFixture.Click(1), EngineFixture.Click(2)]).WaitAsync(Timeout);
        var stats = await client.Events.GetStatsAsync().WaitAsync(Timeout);
        var otherStats = await other.Events.GetStatsAsync().WaitAsync(Timeout);

        Assert.Equal(2, response.Accepted);
        Assert.Equal(2, stats.Total);
        Assert.Equal(0, otherStats.Total);
    }

    [Fact]
    public async Task Recommend_EmptyEngine_ReturnsEmptyList()
    {
        using var client = engine.Client(EngineFixture.NewTenant());

        var response = await client.Recommendations.RecommendAsync("u1", count: 5).WaitAsync(Timeout);

        Assert.Empty(response.Items);
    }

    [Fact]
    public async Task Track_UnknownEventType_ThrowsInvalidArgumentNamingTheField()
    {
        using var client = await engine.TenantWithClickAsync();
        var bad = new Event { UserId = "u1", ItemId = "i1", Type = "clik" };

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.Events.TrackAsync([EngineFixture.Click(1), bad])).WaitAsync(Timeout);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("events[1].type", ex.Field);
        Assert.Contains("clik", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEventType_Unknown_ThrowsNotFound()
    {
        using var client = engine.Client(EngineFixture.NewTenant());

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.GetAsync("nope")).WaitAsync(Timeout);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Call_DeadlineAlreadyTooShort_ThrowsDeadlineExceeded()
    {
        using var client = engine.Client(EngineFixture.NewTenant());

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync(TimeSpan.FromTicks(1))).WaitAsync(Timeout);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Call_Cancelled_ThrowsCancelled()
    {
        using var client = engine.Client(EngineFixture.NewTenant());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.ListAsync(ct: cts.Token)).WaitAsync(Timeout);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task Catalog_UpsertThenListAll_ReturnsEveryItem()
    {
        using var client = engine.Client(EngineFixture.NewTenant());
        await client.Catalog.UpsertAsync(Enumerable.Range(0, 5).Select(i => new Item { ItemId = $"i{i}" })).WaitAsync(Timeout);

        var items = new List<string>();
        await foreach (var item in client.Catalog.ListAllAsync(pageSize: 2).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            items.Add(item.ItemId);
        }

        Assert.Equal(["i0", "i1", "i2", "i3", "i4"], items);
    }

    [Fact]
    public async Task Training_ListRunsAsync_FollowsEveryPageNewestFirst()
    {
        using var client = await engine.TenantWithClickAsync();
        var template = new Template { TemplateId = "home", Name = "Home", MinTotalEvents = 1 };
        template.Signals.Add(new Signal { Type = "click" });
        await client.Templates.CreateAsync(template).WaitAsync(Timeout);
        await client.Templates.PublishAsync("home").WaitAsync(Timeout);
        await client.Events.TrackAsync([EngineFixture.Click(1), EngineFixture.Click(2)]).WaitAsync(Timeout);
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            started.Add((await client.Training.StartRunAsync("home").WaitAsync(Timeout)).RunId);
        }

        var page = await client.Training.ListRunsPageAsync(new ListRunsRequest { PageSize = 2 }).WaitAsync(Timeout);
        var all = await client.Training.ListRunsAsync(new ListRunsRequest { PageSize = 1 }).WaitAsync(Timeout);

        Assert.Equal(2, page.Runs.Count);
        Assert.NotEmpty(page.NextPageToken);
        started.Reverse();
        Assert.Equal(started, all.Select(r => r.RunId));
    }

    [Fact]
    public async Task Admin_GetClusterStatusOnASingleNode_ThrowsFailedPrecondition()
    {
        using var client = engine.Client(EngineFixture.NewTenant());

        var ex = await Assert.ThrowsAsync<NeuronClientException>(() => client.Admin.GetClusterStatusAsync()).WaitAsync(Timeout);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
    }
}
