using NeuronEngine.Core;
using NeuronEngine.Counters.Tests.Support;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters.Tests;

public sealed partial class CounterStoreTests
{
    private static readonly CountLimit TwoTags = new("Limits:MaxTagValuesPerType", 2);

    private static EventBatch Tagged(string tenant, string type, params string[] tags) =>
        new(tenant, 1, [new TrackedEvent(null, "u", "i", type, 1, 1, tags)]);

    [Fact]
    public void Reserve_NewTagPastMaxTagValuesPerType_RefusedWhileKnownTagsAndOtherTypesPass()
    {
        using var fixture = new StoreFixture();
        using var store = fixture.Open();
        var two = Tagged("a", "click", "surface:home", "surface:search");
        store.Reserve(two, TwoTags);
        fixture.Apply(store, two);
        store.Release(two);

        var ex = Assert.Throws<NeuronException>(() => store.Reserve(Tagged("a", "click", "surface:cart"), TwoTags));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("Limits:MaxTagValuesPerType (2) reached for tenant \"a\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("event type \"click\" has 2 distinct tags", ex.Message, StringComparison.Ordinal);
        store.Reserve(Tagged("a", "click", "surface:home"), TwoTags);
        store.Reserve(Tagged("a", "view", "surface:cart"), TwoTags);
        store.Reserve(Tagged("b", "click", "surface:cart"), TwoTags);
        store.Reserve(Tagged("a", "click", "surface:cart"));
    }

    [Fact]
    public void Reserve_TagsOfBatchesNotYetApplied_CountUntilReleased()
    {
        using var fixture = new StoreFixture();
        using var store = fixture.Open();
        var first = Tagged("a", "click", "campaign:1");
        var second = Tagged("a", "click", "campaign:2");
        store.Reserve(first, TwoTags);
        store.Reserve(second, TwoTags);

        // Both admitted to the group being written, neither applied: a third tag would pass the limit once they are.
        Assert.Throws<NeuronException>(() => store.Reserve(Tagged("a", "click", "campaign:3"), TwoTags));
        store.Reserve(Tagged("a", "click", "campaign:1"), TwoTags);

        store.Release(second);
        store.Reserve(Tagged("a", "click", "campaign:3"), TwoTags);
    }

    [Fact]
    public void Release_BatchWithOneTagOnSeveralEvents_EndsOnlyItsOwnReservation()
    {
        using var fixture = new StoreFixture();
        using var store = fixture.Open();
        var repeated = new EventBatch("a", 1, [
            new TrackedEvent(null, "u", "i1", "click", 1, 1, ["campaign:1"]),
            new TrackedEvent(null, "u", "i2", "click", 1, 1, ["campaign:1"])]);
        var later = Tagged("a", "click", "campaign:1");
        store.Reserve(repeated, TwoTags);
        store.Reserve(later, TwoTags);
        store.Reserve(Tagged("a", "click", "campaign:2"), TwoTags);

        // The first batch ends (say its write failed); the later one still holds campaign:1, so a third tag is refused.
        store.Release(repeated);
        Assert.Throws<NeuronException>(() => store.Reserve(Tagged("a", "click", "campaign:3"), TwoTags));
    }

    [Fact]
    public async Task Reserve_AfterCheckpointAndRecovery_StillCountsTheTagsSeen()
    {
        using var fixture = new StoreFixture();
        var store = fixture.Open();
        var two = Tagged("a", "click", "surface:home", "surface:search");
        store.Reserve(two, TwoTags);
        fixture.Apply(store, two);
        store.Release(two);
        await store.CheckpointAsync().WaitAsync(Timeout);
        store.Dispose();

        using var reopened = fixture.Open();

        Assert.Throws<NeuronException>(() => reopened.Reserve(Tagged("a", "click", "surface:cart"), TwoTags));
        reopened.Reserve(Tagged("a", "click", "surface:search"), TwoTags);
    }
}
