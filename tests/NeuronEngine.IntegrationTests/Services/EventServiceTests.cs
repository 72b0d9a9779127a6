using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class EventServiceTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Track_NewEvents_AcceptedAndCounted()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        var response = await c.Events.TrackAsync(Batch(
            Event("u1", "i1", "click"), Event("u1", "i2", "purchase"), Event("u2", "i1", "view"), Event("u2", "i1", "click"))).Within();
        Assert.Equal((4, 0), (response.Accepted, response.Duplicates));

        var stats = await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within();
        Assert.Equal(4, stats.Total);
        Assert.Equal(2, stats.DistinctUsers);
        Assert.Equal(2, stats.DistinctItems);
        Assert.Equal(new Dictionary<string, long> { ["click"] = 2, ["purchase"] = 1, ["view"] = 1 }, stats.Types_.ToDictionary(t => t.Type, t => t.Count));
    }

    [Fact]
    public async Task Track_RetriedEventIds_CountedAsDuplicatesAndStoredOnce()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        var first = await c.Events.TrackAsync(Batch(Event("u1", "i1", id: "e1"), Event("u1", "i2", id: "e2"))).Within();
        var retry = await c.Events.TrackAsync(Batch(Event("u1", "i1", id: "e1"), Event("u1", "i2", id: "e2"), Event("u1", "i3", id: "e3"))).Within();
        var sameBatch = await c.Events.TrackAsync(Batch(Event("u2", "i1", id: "e4"), Event("u2", "i1", id: "e4"))).Within();

        Assert.Equal((2, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((1, 2), (retry.Accepted, retry.Duplicates));
        Assert.Equal((1, 1), (sameBatch.Accepted, sameBatch.Duplicates));
        Assert.Equal(4, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
    }

    public static TheoryData<string, Event, string> BadEvents => new()
    {
        { "unknown type", Event("u", "i", "clik"), "events[1].type: unknown event type \"clik\"" },
        { "empty type", Event("u", "i", ""), "events[1].type: must not be empty" },
        { "empty user", Event("", "i"), "events[1].user_id: must not be empty" },
        { "empty item", Event("u", ""), "events[1].item_id: must not be empty" },
        { "long user", Event(new string('u', 257), "i"), "events[1].user_id: must be at most 256 bytes" },
        { "long multibyte item", Event("u", new string('é', 129)), "events[1].item_id: must be at most 256 bytes" },
        { "long event id", Event("u", "i", id: new string('e', 300)), "events[1].event_id: must be at most 256 bytes" },
        { "future", Event("u", "i", at: DateTimeOffset.UtcNow.AddHours(2)), "events[1].timestamp: is more than" },
        { "before epoch", Event("u", "i", at: new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero)), "events[1].timestamp:" },
        { "tag without colon", Event("u", "i", tags: ["surface"]), "events[1].tags[0]: \"surface\" must be name:value" },
        { "tag with space", Event("u", "i", tags: ["a:b", "surface:home page"]), "events[1].tags[1]:" },
        { "tag name upper", Event("u", "i", tags: ["Surface:home"]), "events[1].tags[0]:" },
        { "duplicate tag", Event("u", "i", tags: ["a:b", "a:b"]), "events[1].tags[1]: duplicate tag" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Track_BadEventInBatch_InvalidArgumentNamingIndexAndFieldAndStoresNothing(string because, Event bad, string message)
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument,
            () => c.Events.TrackAsync(Batch(Event("u0", "i0"), bad, Event("u2", "i2"))).ResponseAsync, message);

        Assert.True((await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total == 0, because);
    }

    [Fact]
    public async Task Track_EmptyOrOversizedBatch_InvalidArgument()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Events.TrackAsync(new TrackRequest()).ResponseAsync, "events: must contain at least one event");
        var big = Batch([.. Enumerable.Range(0, 1001).Select(i => Event("u", "i" + i))]);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Events.TrackAsync(big).ResponseAsync, "events: at most 1000 events per request (got 1001)");
    }

    [Fact]
    public async Task Track_TooManyTags_InvalidArgument()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        var e = Event("u", "i", tags: [.. Enumerable.Range(0, 17).Select(i => $"t:{i}")]);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Events.TrackAsync(Batch(e)).ResponseAsync, "events[0].tags: at most 16 tags");
    }

    [Fact]
    public async Task TrackStream_ManyRequests_OneAckPerRequestInOrder()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        using var call = c.Events.TrackStream();
        var sizes = Enumerable.Range(1, 40).ToArray();
        var send = Task.Run(async () =>
        {
            foreach (var size in sizes)
            {
                await call.RequestStream.WriteAsync(Batch([.. Enumerable.Range(0, size).Select(i => Event("u" + size, "i" + i, id: $"s{size}-{i}"))]));
            }

            await call.RequestStream.CompleteAsync();
        });
        var acks = new List<TrackResponse>();
        await foreach (var ack in call.ResponseStream.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            acks.Add(ack);
        }

        await send.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(sizes, acks.Select(a => a.Accepted));
        Assert.Equal(sizes.Sum(), (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
    }

    [Fact]
    public async Task TrackStream_BadRequestMidStream_EarlierAckedThenInvalidArgument()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        using var call = c.Events.TrackStream();
        await call.RequestStream.WriteAsync(Batch(Event("u1", "i1")));
        await call.RequestStream.WriteAsync(Batch(Event("u1", "i2")));
        await call.RequestStream.WriteAsync(Batch(Event("u1", "i3", "clik")));

        var acks = new List<TrackResponse>();
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var ack in call.ResponseStream.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
            {
                acks.Add(ack);
            }
        });
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("events[0].type: unknown event type \"clik\"", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([1, 1], acks.Select(a => a.Accepted));
        Assert.Equal(2, (await c.Events.GetEventStatsAsync(new GetEventStatsRequest()).Within()).Total);
    }

    [Fact]
    public async Task GetEventStats_WithTemplate_EachSignalAgainstThresholdAndMinimumTotal()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch(
            Event("u1", "i1", "click", tags: ["surface:home"]),
            Event("u2", "i1", "click", tags: ["surface:home"]),
            Event("u3", "i2", "click", tags: ["surface:search"]),
            Event("u1", "i2", "purchase", tags: ["surface:home"]),
            Event("u1", "i3", "view"))).Within();

        var template = new Template { TemplateId = "home", Name = "Home", MinTotalEvents = 3, TagFilter = "surface:home" };
        template.Signals.Add(new Signal { Type = "click", Threshold = 2 });
        template.Signals.Add(new Signal { Type = "purchase", Threshold = 2 });
        template.Signals.Add(new Signal { Type = "view", Threshold = 0 });
        await c.Templates.CreateTemplateAsync(template).Within();

        var stats = (await c.Events.GetEventStatsAsync(new GetEventStatsRequest { TemplateId = "home" }).Within()).Template;
        var signals = stats.Signals.ToDictionary(s => s.Type);
        Assert.Equal((2, true), (signals["click"].Count, signals["click"].Passes));
        Assert.Equal((1, false), (signals["purchase"].Count, signals["purchase"].Passes));
        Assert.Equal((0, true), (signals["view"].Count, signals["view"].Passes));
        Assert.Equal(2, stats.Total);
        Assert.False(stats.MinTotalMet);

        await c.Events.TrackAsync(Batch(Event("u4", "i4", "click", tags: ["surface:home"]))).Within();
        stats = (await c.Events.GetEventStatsAsync(new GetEventStatsRequest { TemplateId = "home" }).Within()).Template;
        Assert.Equal(3, stats.Total);
        Assert.True(stats.MinTotalMet);
    }

    [Fact]
    public async Task GetEventStats_UnknownTemplate_NotFound()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await RpcAssert.FailsAsync(StatusCode.NotFound, () => c.Events.GetEventStatsAsync(new GetEventStatsRequest { TemplateId = "nope" }).ResponseAsync, "nope");
    }

    [Fact]
    public async Task Track_ToSharedTenant_PermissionDenied()
    {
        using var c = engine.Clients("shared");
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => c.Events.TrackAsync(Batch(Event("u", "i"))).ResponseAsync, "reserved");
    }

    [Fact]
    public async Task Track_ExplicitTimestamp_Accepted()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        var e = Event("u", "i");
        e.Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(1, (await c.Events.TrackAsync(Batch(e)).Within()).Accepted);
    }
}
