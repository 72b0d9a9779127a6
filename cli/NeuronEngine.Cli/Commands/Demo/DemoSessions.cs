using System.Diagnostics.CodeAnalysis;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>
/// Shopping sessions: a user browses one department, views a few items (popular ones more often), clicks some, puts a
/// few in the cart and buys now and then — the funnel real shops see, spread over the last 30 days.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Synthetic data must be reproducible from a seed.")]
internal static class DemoSessions
{
    /// <summary>The event types and their weights (how much each says about taste).</summary>
    public static readonly (string Type, string Name, int Weight)[] Types =
    [
        ("view", "Product view", 1),
        ("click", "Click", 3),
        ("add_to_cart", "Add to cart", 10),
        ("purchase", "Purchase", 40),
    ];

    public const int View = 0;
    public const int Click = 1;
    public const int AddToCart = 2;
    public const int Purchase = 3;

    private static readonly TimeSpan Span = TimeSpan.FromDays(30);

    /// <summary>About <paramref name="total"/> events (whole sessions, cut at the total), oldest first, all in the past.</summary>
    public static List<DemoEvent> Generate(DemoWorld world, int total, DateTimeOffset now, out int sessions)
    {
        var random = new Random(world.Seed + 1);
        var events = new List<DemoEvent>(total + 64);
        var start = now - Span - TimeSpan.FromMinutes(5);
        sessions = 0;
        while (events.Count < total)
        {
            var user = world.DrawUser(random);
            var category = world.DrawCategory(random, user);
            var at = start + TimeSpan.FromSeconds(random.NextDouble() * Span.TotalSeconds);
            var views = 2 + Geometric(random, 0.3);
            for (var v = 0; v < views && events.Count < total; v++)
            {
                var item = world.DrawItem(random, category);
                at += TimeSpan.FromSeconds(5 + random.Next(60));
                events.Add(new DemoEvent(user, item, View, at));
                if (random.NextDouble() >= 0.35)
                {
                    continue;
                }

                at += TimeSpan.FromSeconds(2 + random.Next(20));
                events.Add(new DemoEvent(user, item, Click, at));
                if (random.NextDouble() >= 0.3)
                {
                    continue;
                }

                at += TimeSpan.FromSeconds(10 + random.Next(90));
                events.Add(new DemoEvent(user, item, AddToCart, at));
                if (random.NextDouble() < 0.5)
                {
                    at += TimeSpan.FromSeconds(30 + random.Next(300));
                    events.Add(new DemoEvent(user, item, Purchase, at));
                }
            }

            sessions++;
        }

        if (events.Count > total)
        {
            events.RemoveRange(total, events.Count - total);
        }

        events.Sort((a, b) => a.At.CompareTo(b.At));
        return events;
    }

    /// <summary>Failures before the first success with success probability <paramref name="p"/>.</summary>
    private static int Geometric(Random random, double p) => (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - p));
}
