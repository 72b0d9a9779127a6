using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    /// <summary>
    /// With a log memory far smaller than the data, most records are on disk, so reads and RMWs go through
    /// FASTER's pending path; the answers must still match a plain in-memory model.
    /// </summary>
    [Fact]
    public void Apply_DataLargerThanLogMemory_MatchesInMemoryModel()
    {
        const int historyLength = 16;
        using var fx = new StoreFixture(o =>
        {
            o.HistoryLength = historyLength;
            o.PageSizeBytes = 1 << 16;
            o.LogMemorySizeBytes = 1 << 18;
        });
        var store = fx.Open();
        var random = new Random(7);
        var model = new Dictionary<string, List<(long Ts, string Item)>>();
        var weights = new Dictionary<string, long>();
        for (var b = 0; b < 200; b++)
        {
            var events = new TrackedEvent[50];
            for (var i = 0; i < events.Length; i++)
            {
                var user = "user-" + random.Next(1500);
                var item = "item-" + random.Next(3000);
                var ts = (b * 1000L) + random.Next(-5000, 5000); // some arrive late
                events[i] = new TrackedEvent(null, user, item, "view", (byte)random.Next(1, 101), ts, []);
                var list = model.TryGetValue(user, out var l) ? l : model[user] = [];
                list.Add((ts, item));
                weights[item] = weights.GetValueOrDefault(item) + events[i].Weight;
            }

            fx.Apply(store, Events.Batch(events));
        }

        foreach (var (user, list) in model)
        {
            // Ties on timestamp are broken by item ordinal in the store; compare times, and items where unique.
            var expected = list.OrderByDescending(e => e.Ts).Take(historyLength).Select(e => e.Ts);
            Assert.Equal(expected, store.GetHistory("t1", user).Select(h => h.TimestampMicros));
        }

        foreach (var (item, weight) in weights)
        {
            Assert.Equal(weight, store.GetItem("t1", item)!.Value.WeightedCount);
        }

        Assert.Equal(model.Count, store.GetStats("t1").DistinctUsers);
    }
}
