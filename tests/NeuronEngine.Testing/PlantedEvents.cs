using System.Globalization;

namespace NeuronEngine.Testing;

/// <summary>
/// Behaviour with real structure for training tests: items fall into clusters (<see cref="PlantedModels.ClusterOf"/>),
/// each user sticks to one cluster with some noise, item popularity is skewed inside each cluster, and every user's
/// events are spread over time. A history model can learn who likes which cluster; popularity cannot.
/// </summary>
public static class PlantedEvents
{
    /// <summary>One generated event.</summary>
    public sealed record PlantedEvent(string UserId, string ItemId, string Type, DateTimeOffset At);

    public static string UserId(int u) => "user-" + u.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The cluster user <paramref name="u"/> prefers.</summary>
    public static int ClusterOfUser(int u, int clusters) => u % clusters;

    /// <summary>Generates events in time order: 90 % of a user's events in the user's cluster, 10 % anywhere.</summary>
    /// <param name="users">Users.</param>
    /// <param name="items">Items, <c>item-NNNN</c>.</param>
    /// <param name="clusters">Item clusters.</param>
    /// <param name="eventsPerUser">Events per user (each user gets between half and all of it).</param>
    /// <param name="seed">Same seed, same events.</param>
    /// <param name="start">The first event's time; events are one minute apart per user.</param>
    public static IReadOnlyList<PlantedEvent> Generate(int users, int items, int clusters, int eventsPerUser, int seed, DateTimeOffset start)
    {
        var random = new Random(seed);
        var byCluster = Enumerable.Range(0, clusters).Select(c => Enumerable.Range(0, items).Where(j => PlantedModels.ClusterOf(j, clusters) == c).ToArray()).ToArray();
        var result = new List<PlantedEvent>();
        for (var u = 0; u < users; u++)
        {
            var cluster = byCluster[ClusterOfUser(u, clusters)];
            var count = (eventsPerUser / 2) + random.Next(eventsPerUser / 2 + 1);
            var at = start.AddMinutes(random.Next(60));
            for (var e = 0; e < count; e++)
            {
                // Skewed popularity: the square of a uniform draw favours the cluster's first items.
                var item = random.NextDouble() < 0.9
                    ? cluster[(int)(Math.Pow(random.NextDouble(), 2) * cluster.Length)]
                    : random.Next(items);
                var type = random.NextDouble() < 0.2 ? "purchase" : "click";
                result.Add(new PlantedEvent(UserId(u), PlantedModels.ItemId(item), type, at));
                at = at.AddMinutes(1);
            }
        }

        return [.. result.OrderBy(e => e.At).ThenBy(e => e.UserId, StringComparer.Ordinal)];
    }
}
