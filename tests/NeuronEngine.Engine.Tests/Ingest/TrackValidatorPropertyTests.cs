using System.Collections.Frozen;
using CsCheck;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.EventLog;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Engine.Tests.Ingest;

/// <summary>
/// Random Track requests: the validator returns a batch whose every event keeps the rules, or throws InvalidArgument
/// naming the field (<c>events</c> or <c>events[i]...</c>); no other exception escapes.
/// </summary>
public sealed class TrackValidatorPropertyTests(ITestOutputHelper output)
{
    private static readonly FrozenDictionary<string, byte> Weights = new Dictionary<string, byte> { ["click"] = 5, ["purchase"] = 50 }.ToFrozenDictionary();

    private static readonly EngineOptions Limits = new();

    /// <summary>Mostly plausible ids, with unicode, control characters, lone surrogates, and lengths around 256 bytes.</summary>
    private static readonly Gen<string> Id = Gen.Frequency(
        (6, Gen.Char.AlphaNumeric.Array[1, 12].Select(c => new string(c))),
        (2, Gen.Char.Array[0, 30].Select(c => new string(c))),
        (1, Gen.Char['\0', '\u009F'].Array[1, 3].Select(c => "u" + new string(c))),
        (1, Gen.Char['\uD800', '\uDFFF'].Array[1, 2].Select(c => "u" + new string(c))),
        (1, Gen.Int[250, 260].Select(n => new string('a', n))),
        (1, Gen.Int[83, 90].Select(n => new string('€', n))),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<string> Tag = Gen.Frequency(
        (5, Gen.Select(Gen.Char['a', 'z'].Array[1, 8], Gen.Char.AlphaNumeric.Array[1, 8], (n, v) => $"{new string(n)}:{new string(v)}")),
        (2, Gen.Char.Array[0, 20].Select(c => new string(c))),
        (1, Gen.Select(Gen.Int[60, 70], Gen.Int[120, 135], (n, v) => $"{new string('n', n)}:{new string('v', v)}")),
        (1, Gen.OneOf(Gen.Const(":x"), Gen.Const("x:"), Gen.Const("a:b c"), Gen.Const("A:b"), Gen.Const("a:\u0085"), Gen.Const("a:b"))));

    private static readonly Gen<Timestamp?> Time = Gen.Frequency(
        (3, Gen.Const(() => (Timestamp?)null)),
        (3, Gen.Select(Gen.Long[0, 1_900_000_000], Gen.Int[0, 999_999_999], (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })),
        (2, Gen.Select(Gen.Long, Gen.Int, (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })),
        (1, Gen.Select(
            Gen.OneOf(Gen.Const(-1L), Gen.Const(0L), Gen.Const(253_402_300_799L), Gen.Const(253_402_300_800L), Gen.Const(long.MaxValue), Gen.Const(long.MinValue)),
            Gen.OneOf(Gen.Const(-1), Gen.Const(0), Gen.Const(999_999_999), Gen.Const(1_000_000_000), Gen.Const(int.MaxValue)),
            (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })));

    private static readonly Gen<Event> OneEvent =
        Gen.Select(
            Gen.Frequency((3, Gen.Const(string.Empty)), (1, Id)), Id, Id, Gen.Frequency((4, Gen.Const("click")), (2, Gen.Const("purchase")), (1, Id)), Time, Tag.Array[0, 18],
            (eventId, user, item, type, time, tags) =>
            {
                var e = new Event { EventId = eventId, UserId = user, ItemId = item, Type = type, Timestamp = time };
                e.Tags.Add(tags);
                return e;
            });

    private static readonly Gen<TrackRequest> Requests = Gen.Frequency(
        (20, OneEvent.Array[0, 6]),
        (1, Gen.Int[999, 1001].Select(n => Enumerable.Range(0, n).Select(i => new Event { UserId = "u", ItemId = $"i{i}", Type = "click" }).ToArray())))
        .Select(events =>
        {
            var request = new TrackRequest();
            request.Events.Add(events);
            return request;
        });

    [Fact]
    public void Validate_RandomRequests_BatchWithinTheRulesOrInvalidArgumentNamingTheField()
    {
        var time = new ManualTimeProvider();
        var validator = new TrackValidator(Options.Create(new EngineOptions()), time);
        var nowMicros = TrackValidator.ToMicros(time.GetUtcNow());
        var latestMicros = nowMicros + (long)(Limits.MaxFutureSkew.Ticks / TimeSpan.TicksPerMicrosecond);
        Properties.Run("track-validation", Requests, request =>
        {
            EventBatch batch;
            try
            {
                batch = validator.Validate("acme", request, Weights);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field is { } field
                && (field == "events" || field.StartsWith("events[", StringComparison.Ordinal)))
            {
                return;
            }

            Assert.Equal(("acme", nowMicros), (batch.Tenant, batch.ReceivedAtMicros));
            Assert.InRange(batch.Events.Length, 1, Limits.MaxBatchEvents);
            Assert.Equal(request.Events.Count, batch.Events.Length);
            foreach (var e in batch.Events)
            {
                Assert.True(e.EventId is null || FieldRules.ValidateId(e.EventId) is null);
                Assert.Null(FieldRules.ValidateId(e.UserId));
                Assert.Null(FieldRules.ValidateId(e.ItemId));
                Assert.Equal(Weights[e.Type], e.Weight);
                Assert.InRange(e.TimestampMicros, 0, latestMicros);
                Assert.InRange(e.Tags.Length, 0, Limits.MaxTagsPerEvent);
                Assert.All(e.Tags, t => Assert.Null(FieldRules.ValidateTag(t)));
                Assert.Equal(e.Tags.Length, e.Tags.Distinct(StringComparer.Ordinal).Count());
            }
        }, 20_000, output);
    }
}
