using System.Collections.Frozen;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Ingest;

public sealed class TrackValidatorTests
{
    private static readonly FrozenDictionary<string, byte> Weights = new Dictionary<string, byte> { ["click"] = 5, ["purchase"] = 50 }.ToFrozenDictionary();
    private readonly ManualTimeProvider time = new();
    private readonly TrackValidator validator;

    public TrackValidatorTests() => validator = new TrackValidator(Options.Create(new EngineOptions()), time);

    private static Event Good(string item = "i1") => new() { UserId = "u1", ItemId = item, Type = "click" };

    private static TrackRequest Request(params Event[] events)
    {
        var r = new TrackRequest();
        r.Events.Add(events);
        return r;
    }

    [Fact]
    public void Validate_GoodBatch_CarriesWeightsServerTimeAndTags()
    {
        var purchase = new Event { EventId = "e2", UserId = "u2", ItemId = "i2", Type = "purchase", Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddMinutes(-1)) };
        purchase.Tags.Add("surface:home");
        var batch = validator.Validate("acme", Request(Good(), purchase), Weights);

        var nowMicros = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        Assert.Equal("acme", batch.Tenant);
        Assert.Equal(nowMicros, batch.ReceivedAtMicros);
        Assert.Equal((null, (byte)5, nowMicros), (batch.Events[0].EventId, batch.Events[0].Weight, batch.Events[0].TimestampMicros));
        Assert.Empty(batch.Events[0].Tags);
        Assert.Equal(("e2", (byte)50, nowMicros - 60_000_000), (batch.Events[1].EventId, batch.Events[1].Weight, batch.Events[1].TimestampMicros));
        Assert.Equal(["surface:home"], batch.Events[1].Tags);
    }

    public static TheoryData<string, Action<Event>, string> Rules => new()
    {
        { "unknown type", e => e.Type = "clik", "events[1].type: unknown event type \"clik\"" },
        { "empty type", e => e.Type = "", "events[1].type: must not be empty" },
        { "empty user", e => e.UserId = "", "events[1].user_id: must not be empty" },
        { "long user", e => e.UserId = new string('u', 257), "events[1].user_id: must be at most 256 bytes of UTF-8" },
        { "control char item", e => e.ItemId = "a\u0001", "events[1].item_id: must not contain control characters" },
        { "empty item", e => e.ItemId = "", "events[1].item_id: must not be empty" },
        { "long event id", e => e.EventId = new string('e', 257), "events[1].event_id: must be at most 256 bytes of UTF-8" },
        { "future", e => e.Timestamp = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 1, 12, 10, 1, TimeSpan.Zero)), "events[1].timestamp: is more than 00:10:00 in the future" },
        { "negative", e => e.Timestamp = new Timestamp { Seconds = -1 }, "events[1].timestamp: must be a valid time" },
        { "bad nanos", e => e.Timestamp = new Timestamp { Seconds = 1, Nanos = -1 }, "events[1].timestamp: must be a valid time" },
        { "tag shape", e => e.Tags.Add("home"), "events[1].tags[0]: \"home\" must be name:value" },
        { "tag duplicate", e => e.Tags.Add(["a:b", "a:b"]), "events[1].tags[1]: duplicate tag \"a:b\"" },
        { "too many tags", e => e.Tags.Add(Enumerable.Range(0, 17).Select(i => $"t:{i}")), "events[1].tags: at most 16 tags per event (got 17)" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Validate_BrokenRule_InvalidArgumentNamingIndexFieldAndRule(string rule, Action<Event> breakIt, string message)
    {
        var bad = Good("i2");
        breakIt(bad);
        var ex = Assert.Throws<NeuronException>(() => validator.Validate("acme", Request(Good(), bad, Good("i3")), Weights));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.True(ex.Message.StartsWith(message, StringComparison.Ordinal), $"{rule}: {ex.Message}");
    }

    [Fact]
    public void Validate_TimestampExactlyAtSkew_Accepted()
    {
        var e = Good();
        e.Timestamp = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddMinutes(10));
        Assert.Single(validator.Validate("acme", Request(e), Weights).Events);
    }

    [Fact]
    public void Validate_EmptyBatch_InvalidArgument()
    {
        var ex = Assert.Throws<NeuronException>(() => validator.Validate("acme", new TrackRequest(), Weights));
        Assert.Equal("events: must contain at least one event", ex.Message);
    }

    [Fact]
    public void Validate_OverMaximum_InvalidArgumentWithCount()
    {
        var small = new TrackValidator(Options.Create(new EngineOptions { MaxBatchEvents = 3 }), time);
        var ex = Assert.Throws<NeuronException>(() => small.Validate("acme", Request(Good(), Good(), Good(), Good()), Weights));
        Assert.Equal("events: at most 3 events per request (got 4)", ex.Message);
    }
}
