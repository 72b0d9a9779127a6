using NeuronEngine.Counters.Tests.Support;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    [Fact]
    public void GetPopular_WeightedCounts_TopKBestFirstTiesByFirstSeen()
    {
        using var fx = new StoreFixture(o => o.PopularK = 3);
        var store = fx.Open();

        fx.Apply(store, Batch(Ev("u1", "a", weight: 5), Ev("u1", "b", weight: 5), Ev("u1", "c", weight: 1), Ev("u1", "d", weight: 2)));
        fx.Apply(store, Batch(Ev("u2", "c", weight: 9)));

        var top = store.GetPopular("t1", 10);
        Assert.Equal(["c", "a", "b"], top.Select(p => p.ItemId));
        Assert.Equal(new PopularItem("c", 2, 10, 2), top[0]);
        Assert.Equal(["c"], store.GetPopular("t1", 1).Select(p => p.ItemId));
    }

    [Fact]
    public void GetPopular_RandomEvents_MatchesSortingAllItems()
    {
        using var fx = new StoreFixture(o => o.PopularK = 20);
        var store = fx.Open();
        var random = new Random(42);
        for (var b = 0; b < 50; b++)
        {
            var events = Enumerable.Range(0, 40)
                .Select(_ => Ev("u" + random.Next(30), "i" + (int)Math.Pow(random.Next(1, 200), 1.6) % 300, weight: (byte)random.Next(1, 101)))
                .ToArray();
            fx.Apply(store, Batch(events));
        }

        var expected = Enumerable.Range(0, store.GetStats("t1").DistinctItems is var n ? (int)n : 0)
            .Select(ordinal => store.GetItemId("t1", ordinal)!)
            .Select(id => (Id: id, Counter: store.GetItem("t1", id)!.Value))
            .OrderByDescending(x => x.Counter.WeightedCount).ThenBy(x => x.Counter.ItemOrdinal)
            .Take(20)
            .Select(x => x.Id);
        Assert.Equal(expected, store.GetPopular("t1", 100).Select(p => p.ItemId));
    }
}
