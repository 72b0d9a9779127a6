using System.Collections.Concurrent;
using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Recommend and track together, checking the engine's promise that a tracked item leaves the user's next
/// recommendation at once. Most arrivals are recommends (series <c>recommend</c>); a <c>--track-ratio</c> share
/// tracks a click (series <c>track</c>) and then asks again (series <c>check</c>, timed from its own send): the
/// tracked item appearing in that answer is an error, <c>ExclusionViolated</c>.
/// </summary>
/// <remarks>
/// The tracked item is the user's last recommended top item when one is known, so the check tests an item the
/// model really would return (counted as <c>exclusionChecksOfRecommended</c>); otherwise a Zipf catalog item.
/// </remarks>
internal sealed class MixedScenario(ScenarioContext context) : RecommendScenario(context)
{
    private readonly ConcurrentDictionary<int, string> lastTop = new();

    public override string Name => "mixed";

    public override Task ExecuteAsync(ScheduledRequest request, long intended)
    {
        var user = NextUser();
        var track = Random.NextDouble() < Context.Options.TrackRatio;
        var fallbackItem = Zipf.Item(Zipf.Next(Random, Context.Options.Items));
        return track ? TrackThenCheckAsync(request, intended, user, fallbackItem) : RecommendAndRememberAsync(request, intended, user);
    }

    private async Task RecommendAndRememberAsync(ScheduledRequest request, long intended, int user)
    {
        var response = await RecommendAsync("recommend", request, intended, user).ConfigureAwait(false);
        if (response is { Items.Count: > 0 })
        {
            lastTop[user] = response.Items[0].ItemId;
        }
    }

    private async Task TrackThenCheckAsync(ScheduledRequest request, long intended, int user, string fallbackItem)
    {
        var recommended = lastTop.TryRemove(user, out var item);
        item ??= fallbackItem;
        var message = new TrackRequest { Events = { new Event { UserId = Zipf.User(user), ItemId = item, Type = "click" } } };
        var client = Context.Connections.Next().Sdk.Events;
        var timeout = Context.Options.Timeout;
        var tracked = await MeasureAsync("track", request, intended, () => client.TrackAsync(message, timeout)).ConfigureAwait(false);
        if (tracked is null)
        {
            return;
        }

        var checkStart = Context.Clock.GetTimestamp();
        var response = await RecommendAsync("check", request, checkStart, user, r => r.Items.Any(i => i.ItemId == item) ? "ExclusionViolated" : null).ConfigureAwait(false);
        if (request.Measured && intended >= Context.Recorder.MeasureStart)
        {
            Count("exclusionChecks");
            Count(recommended ? "exclusionChecksOfRecommended" : "exclusionChecksOfCatalogItem");
        }

        if (response is { Items.Count: > 0 })
        {
            lastTop[user] = response.Items[0].ItemId;
        }
    }
}
