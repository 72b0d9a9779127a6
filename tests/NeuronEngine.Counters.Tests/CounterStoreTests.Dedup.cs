using NeuronEngine.Counters.Tests.Support;
using static NeuronEngine.Counters.Tests.Support.Events;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    [Fact]
    public void IsDuplicate_WithinAndAfterWindow_TrueThenFalse()
    {
        using var fx = new StoreFixture(o => o.DedupWindow = TimeSpan.FromHours(1));
        var store = fx.Open();
        const long receivedAt = 10 * Hour;

        fx.Apply(store, Batch("t1", receivedAt, Ev("u1", "i1", id: "e1")));

        Assert.True(store.IsDuplicate("t1", "e1", receivedAt));
        Assert.True(store.IsDuplicate("t1", "e1", receivedAt + Hour - 1));
        Assert.False(store.IsDuplicate("t1", "e1", receivedAt + Hour));
        Assert.False(store.IsDuplicate("t1", "e2", receivedAt));
        Assert.False(store.IsDuplicate("t2", "e1", receivedAt));
    }

    [Fact]
    public void Apply_RepeatedIdWithinWindow_AppliedOnce()
    {
        using var fx = new StoreFixture(o => o.DedupWindow = TimeSpan.FromHours(1));
        var store = fx.Open();

        // A repeat inside one batch, and one in a later batch still inside the window.
        fx.Apply(store, Batch("t1", 10 * Hour, Ev("u1", "i1", weight: 4, id: "e1"), Ev("u1", "i1", weight: 4, id: "e1")));
        fx.Apply(store, Batch("t1", 10 * Hour + (Hour / 2), Ev("u1", "i1", weight: 4, id: "e1")));

        Assert.Equal(1, store.GetStats("t1").TotalEvents);
        Assert.Equal(new ItemCounter(0, 4, 1), store.GetItem("t1", "i1"));
        Assert.Single(store.GetHistory("t1", "u1"));

        // The window counts from the first receive time: repeats did not extend it.
        Assert.False(store.IsDuplicate("t1", "e1", 11 * Hour));
    }

    [Fact]
    public void Apply_RepeatedIdAfterWindow_AppliedAgain()
    {
        using var fx = new StoreFixture(o => o.DedupWindow = TimeSpan.FromHours(1));
        var store = fx.Open();

        fx.Apply(store, Batch("t1", 10 * Hour, Ev("u1", "i1", ts: 1, id: "e1")));
        fx.Apply(store, Batch("t1", 12 * Hour, Ev("u1", "i1", ts: 2, id: "e1")));

        Assert.Equal(2, store.GetStats("t1").TotalEvents);
        Assert.Equal(2, store.GetHistory("t1", "u1").Count);
        Assert.True(store.IsDuplicate("t1", "e1", 12 * Hour + 1));
    }

    [Fact]
    public void Apply_EventsWithoutId_NeverDeduplicated()
    {
        using var fx = new StoreFixture();
        var store = fx.Open();

        fx.Apply(store, Batch(Ev("u1", "i1"), Ev("u1", "i1")));

        Assert.Equal(2, store.GetStats("t1").TotalEvents);
    }
}
