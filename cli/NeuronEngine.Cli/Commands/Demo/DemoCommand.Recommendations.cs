using System.Globalization;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using Spectre.Console;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>Step 7: two users' recommendations, one new purchase in a department the first never shopped, and again.</summary>
internal static partial class DemoCommand
{
    private static async Task<DemoStory> ShowRecommendationsAsync(
        CliContext cli, NeuronClient client, DemoWorld world, List<DemoEvent> events, CancellationToken ct)
    {
        var (changed, unchanged, itemBought) = Cast(world, events);
        var titles = world.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        Step(cli, 7, "Recommendations from the promoted model");
        var beforeChanged = await client.Recommendations.RecommendAsync(DemoWorld.UserId(changed), RecommendCount, ct);
        var beforeUnchanged = await client.Recommendations.RecommendAsync(DemoWorld.UserId(unchanged), RecommendCount, ct);
        Show(cli, titles, $"{DemoWorld.UserId(changed)} ({Taste(world, changed)}) — before", beforeChanged, null);
        Show(cli, titles, $"{DemoWorld.UserId(unchanged)} ({Taste(world, unchanged)}) — before", beforeUnchanged, null);

        var item = world.Items[itemBought];
        var purchase = new Event
        {
            EventId = Guid.CreateVersion7().ToString("N"),
            UserId = DemoWorld.UserId(changed),
            ItemId = item.Id,
            Type = DemoSessions.Types[DemoSessions.Purchase].Type,
        };
        await client.Events.TrackAsync([purchase], ct);
        cli.Line("");
        cli.Line($"   New event: {purchase.UserId} buys {item.Id} \"{item.Title}\" ({item.CategoryName}), a department they never shopped.");

        var afterChanged = await client.Recommendations.RecommendAsync(purchase.UserId, RecommendCount, ct);
        var afterUnchanged = await client.Recommendations.RecommendAsync(DemoWorld.UserId(unchanged), RecommendCount, ct);
        Show(cli, titles, $"{purchase.UserId} — after the purchase", afterChanged, beforeChanged);
        cli.Line($"   {Changes(beforeChanged, afterChanged)} of {afterChanged.Items.Count} are new, {afterChanged.Items.Count(i => titles.TryGetValue(i.ItemId, out var t) && t.Category == item.Category)} from {item.CategoryName}; {item.Id} itself is left out (already bought).");
        Show(cli, titles, $"{DemoWorld.UserId(unchanged)} — after (no new event)", afterUnchanged, beforeUnchanged);
        cli.Line(Changes(beforeUnchanged, afterUnchanged) == 0 && SameOrder(beforeUnchanged, afterUnchanged)
            ? "   unchanged: their history did not change."
            : $"   {Changes(beforeUnchanged, afterUnchanged)} new.");

        return new DemoStory(
            new DemoUserStory(DemoWorld.UserId(changed), Taste(world, changed), beforeChanged, afterChanged),
            new DemoUserStory(DemoWorld.UserId(unchanged), Taste(world, unchanged), beforeUnchanged, afterUnchanged),
            purchase);
    }

    /// <summary>
    /// Picks the two users (a focused shopper with a short history, so one purchase visibly moves their list, and a
    /// user of another department) and the item the first buys: the most popular item of a department neither shops.
    /// </summary>
    private static (int Changed, int Unchanged, int Item) Cast(DemoWorld world, List<DemoEvent> events)
    {
        // The weight of what each user's recent history holds (serving pools the newest 50 events), and what they touched.
        var weights = new int[world.Users];
        var counts = new int[world.Users];
        var seen = new HashSet<(int, int)>();
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var e = events[i];
            if (++counts[e.User] <= 50)
            {
                weights[e.User] += DemoSessions.Types[e.Type].Weight;
            }

            seen.Add((e.User, e.Item));
        }

        // A purchase (weight 40) against about 90 of history: visible, without wiping out the user's own taste.
        var users = Enumerable.Range(0, world.Users).ToList();
        var focused = users.Where(u => world.Second[u] < 0 && counts[u] >= 8).DefaultIfEmpty(users.MaxBy(u => counts[u])).ToList();
        var changed = focused.MinBy(u => Math.Abs(weights[u] - 90));
        var unchanged = users.Where(u => u != changed && counts[u] >= 8 && world.Favourite[u] != world.Favourite[changed])
            .DefaultIfEmpty(users.First(u => u != changed)).First();
        var departments = DemoCategories.All.Length;
        var other = Enumerable.Range(1, departments - 1).Select(k => (world.Favourite[changed] + (departments / 2) + k - 1) % departments)
            .First(c => c != world.Favourite[changed] && c != world.Second[unchanged] && c != world.Favourite[unchanged]);
        var item = world.ByCategory[other].First(i => !seen.Contains((changed, i)));
        return (changed, unchanged, item);
    }

    private static string Taste(DemoWorld world, int user) =>
        "likes " + DemoCategories.All[world.Favourite[user]].Name + (world.Second[user] >= 0 ? " and " + DemoCategories.All[world.Second[user]].Name : "");

    private static int Changes(RecommendResponse before, RecommendResponse after) =>
        after.Items.Count(i => before.Items.All(b => b.ItemId != i.ItemId));

    private static bool SameOrder(RecommendResponse before, RecommendResponse after) =>
        before.Items.Select(i => i.ItemId).SequenceEqual(after.Items.Select(i => i.ItemId), StringComparer.Ordinal);

    private static void Show(CliContext cli, Dictionary<string, DemoItem> titles, string heading, RecommendResponse response, RecommendResponse? before)
    {
        if (cli.Json)
        {
            return;
        }

        cli.Line("");
        cli.Line($"   {heading}{(response.PopularFallback ? " (popular items: no history the model knows)" : "")}");
        var table = CliContext.Table("#", "ITEM", "TITLE", "DEPARTMENT", "SCORE", before is null ? "" : "CHANGE");
        for (var i = 0; i < response.Items.Count; i++)
        {
            var scored = response.Items[i];
            var item = titles.GetValueOrDefault(scored.ItemId);
            var change = before is null ? ""
                : before.Items.All(b => b.ItemId != scored.ItemId) ? "new"
                : "";
            CliContext.Row(table, i + 1, scored.ItemId, item?.Title ?? "", item?.CategoryName ?? "", scored.Score.ToString("F3", CultureInfo.InvariantCulture), change);
        }

        cli.Console.Ansi.Write(table);
    }
}
