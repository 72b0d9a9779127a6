using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    [Fact]
    public void Apply_Events_UpdatesTotalsTypesTagsAndDistinctCounts()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();

        fx.Apply(store, Batch(
            Ev("u1", "i1", "click", tags: ["surface:home"]),
            Ev("u1", "i2", "click", tags: ["surface:home", "lang:en"]),
            Ev("u2", "i1", "buy", 10, tags: ["surface:search"])));
        fx.Apply(store, Batch(Ev("u3", "i3", "click")));

        var stats = store.GetStats("t1");
        Assert.Equal(4, stats.TotalEvents);
        Assert.Equal(3, stats.Count("click"));
        Assert.Equal(1, stats.Count("buy"));
        Assert.Equal(2, stats.Count("click", "surface:home"));
        Assert.Equal(1, stats.Count("click", "lang:en"));
        Assert.Equal(1, stats.Count("buy", "surface:search"));
        Assert.Equal(0, stats.Count("buy", "surface:home"));
        Assert.Equal(3, stats.DistinctUsers);
        Assert.Equal(3, stats.DistinctItems);
        Assert.Equal(new LogPosition(200), store.AppliedPosition);
    }

    [Fact]
    public void GetItem_AfterEvents_SumsWeightsAndCountsEvents()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();

        fx.Apply(store, Batch(Ev("u1", "i1", weight: 3), Ev("u2", "i1", "buy", 10), Ev("u3", "i2", weight: 1)));

        Assert.Equal(new ItemCounter(0, 13, 2), store.GetItem("t1", "i1"));
        Assert.Equal(new ItemCounter(1, 1, 1), store.GetItem("t1", "i2"));
        Assert.Null(store.GetItem("t1", "nope"));
        Assert.Null(store.GetItem("other", "i1"));
    }

    [Fact]
    public void GetHistory_MoreThanHistoryLength_NewestFirstCappedAtN()
    {
        using var fx = new StoreFixture(o => o.HistoryLength = 5);
        var store = fx.Open();

        for (var i = 1; i <= 12; i++)
        {
            fx.Apply(store, Batch(Ev("u1", "i" + i, "view", (byte)i, ts: i * 10)));
        }

        var history = store.GetHistory("t1", "u1");
        Assert.Equal(["i12", "i11", "i10", "i9", "i8"], history.Select(h => h.ItemId));
        Assert.Equal(new HistoryEntry(11, "i12", "view", 12, 120), history[0]);
        Assert.Equal(2, store.GetHistory("t1", "u1", maxCount: 2).Count);
        Assert.Empty(store.GetHistory("t1", "nobody"));
    }

    [Fact]
    public void GetHistory_OutOfOrderTimestamps_InsertedInPlaceAndOldestFallsOff()
    {
        using var fx = new StoreFixture(o => o.HistoryLength = 4);
        var store = fx.Open();

        fx.Apply(store, Batch(Ev("u1", "a", ts: 50), Ev("u1", "b", ts: 10), Ev("u1", "c", ts: 30)));
        Assert.Equal(["a", "c", "b"], store.GetHistory("t1", "u1").Select(h => h.ItemId));

        fx.Apply(store, Batch(Ev("u1", "d", ts: 20), Ev("u1", "e", ts: 40)));
        Assert.Equal(["a", "e", "c", "d"], store.GetHistory("t1", "u1").Select(h => h.ItemId));

        // Older than everything in a full history: it falls off at once.
        fx.Apply(store, Batch(Ev("u1", "f", ts: 5)));
        Assert.Equal(["a", "e", "c", "d"], store.GetHistory("t1", "u1").Select(h => h.ItemId));
    }

    [Fact]
    public void GetHistory_EqualTimestamps_SameOrderWhateverTheApplyOrder()
    {
        string[] Apply(bool reversed)
        {
            using var fx = new StoreFixture();
            var store = fx.Open();

            // Intern both items the same way first, as a log replay would.
            fx.Apply(store, Batch(Ev("seed", "x"), Ev("seed", "y")));
            TrackedEvent[] tied = [Ev("u1", "x", "click", ts: 77), Ev("u1", "y", "buy", ts: 77)];
            foreach (var e in reversed ? tied.Reverse() : tied)
            {
                fx.Apply(store, Batch(e));
            }

            return store.GetHistory("t1", "u1").Select(h => h.ItemId + "/" + h.Type).ToArray();
        }

        Assert.Equal(Apply(reversed: false), Apply(reversed: true));
    }

    [Fact]
    public void GetStats_UnknownTenant_ReturnsEmpty()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();

        Assert.Same(TenantStats.Empty, store.GetStats("nobody"));
        Assert.Empty(store.GetPopular("nobody", 10));
    }

    [Fact]
    public void Tenants_SameIds_NeverSeeEachOthersData()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();

        fx.Apply(store, Batch("a", 1_000, Ev("u1", "i1", weight: 2, id: "e1")));
        fx.Apply(store, Batch("b", 1_000, Ev("u1", "i2", weight: 5, id: "e1"), Ev("u2", "i1", weight: 7)));

        Assert.Equal(["i1"], store.GetHistory("a", "u1").Select(h => h.ItemId));
        Assert.Equal(["i2"], store.GetHistory("b", "u1").Select(h => h.ItemId));
        Assert.Equal(2, store.GetItem("a", "i1")!.Value.WeightedCount);
        Assert.Equal(7, store.GetItem("b", "i1")!.Value.WeightedCount);
        Assert.Equal(1, store.GetStats("a").TotalEvents);
        Assert.Equal(2, store.GetStats("b").TotalEvents);
        Assert.Empty(store.GetHistory("a", "u2"));
    }

    [Fact]
    public void Apply_BeforeRecover_ThrowsFailedPrecondition()
    {
        using var fx = new StoreFixture();
        using var store = new CounterStore(fx.Options, fx.Logger, TimeProvider.System);

        var ex = Assert.Throws<NeuronException>(() => store.Apply(Batch(Ev("u", "i")), new LogPosition(1)));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
    }

    [Fact]
    public void Apply_PositionBeforeApplied_ThrowsFailedPrecondition()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();
        store.Apply(Batch(Ev("u", "i")), new LogPosition(500));

        var ex = Assert.Throws<NeuronException>(() => store.Apply(Batch(Ev("u", "i")), new LogPosition(400)));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Equal(1, store.GetStats("t1").TotalEvents);
    }

    [Fact]
    public void Validator_InvalidOptions_FailsNamingEveryProblem()
    {
        // Options are checked once, by the validator AddNeuronCounters registers (start-up resolves every section), not again by the store.
        var options = new CounterOptions { HistoryLength = 0, CheckpointsToKeep = 0 };

        using var services = new ServiceCollection().AddLogging().AddNeuronCounters()
            .Configure<CounterOptions>(o => (o.HistoryLength, o.CheckpointsToKeep) = (options.HistoryLength, options.CheckpointsToKeep))
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<CounterOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("HistoryLength", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("CheckpointsToKeep", StringComparison.Ordinal));
    }
}
