using NeuronEngine.Core;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    [Fact]
    public void Reserve_IdTooLongForAKey_RefusedAsInvalidArgument()
    {
        using var fixture = new StoreFixture();
        using var store = fixture.Open();
        var tenant = new string('t', 200);
        var batch = new EventBatch(tenant, 1, [new TrackedEvent(null, new string('u', 400), "i", "click", 1, 1, [])]);

        var ex = Assert.Throws<NeuronException>(() => store.Reserve(batch));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("user_id", ex.Field);
    }

    [Fact]
    public void Reserve_TypesOverTheLimit_RefusedWhileKnownTypesPass()
    {
        using var fixture = new StoreFixture(o => o.MaxEventTypesPerTenant = 1);
        using var store = fixture.Open();
        var click = new EventBatch("a", 1, [new TrackedEvent(null, "u", "i", "click", 1, 1, [])]);
        var view = new EventBatch("a", 2, [new TrackedEvent(null, "u", "i", "view", 1, 1, [])]);
        store.Reserve(click);
        fixture.Apply(store, click);
        store.Release(click);

        var ex = Assert.Throws<NeuronException>(() => store.Reserve(view));
        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        store.Reserve(click);
        store.Reserve(new EventBatch("b", 3, [new TrackedEvent(null, "u", "i", "view", 1, 1, [])]));
    }
}
