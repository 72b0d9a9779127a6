using NeuronEngine.Core;

namespace NeuronEngine.Registry.Tests.EventTypes;

public abstract partial class EventTypeStoreTests
{
    private static readonly CountLimit TwoTypes = new("Limits:MaxEventTypes", 2);

    [Fact]
    public void Create_PastMaxEventTypes_ResourceExhaustedNamingTheLimit()
    {
        registry.Limits.EventTypes = TwoTypes;
        var store = registry.EventTypes;
        store.Create(Tenant, "view", "View", 1);
        store.Create(Tenant, "click", "Click", 5);

        var ex = NeuronAssert.Throws(ErrorKind.ResourceExhausted, () => store.Create(Tenant, "purchase", "Purchase", 50));

        Assert.Contains("Limits:MaxEventTypes (2) reached for tenant \"acme\"", ex.Message, StringComparison.Ordinal);
        Assert.Null(store.Find(Tenant, "purchase"));
        store.Create("globex", "purchase", "Purchase", 50);
    }

    [Fact]
    public void Create_AtTheLimit_ExistingTypeIsAlreadyExistsAndDeletingMakesRoom()
    {
        registry.Limits.EventTypes = TwoTypes;
        var store = registry.EventTypes;
        store.Create(Tenant, "view", "View", 1);
        store.Create(Tenant, "click", "Click", 5);

        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => store.Create(Tenant, "click", "Click", 5));
        store.Delete(Tenant, "view");
        store.Create(Tenant, "purchase", "Purchase", 50);
    }

    [Fact]
    public async Task Create_ManyAtOnce_NeverMoreThanTheLimit()
    {
        registry.Limits.EventTypes = TwoTypes;
        var store = registry.EventTypes;
        using var start = new Barrier(8);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                store.Create(Tenant, $"type_{i}", "T", 1);
                return true;
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.ResourceExhausted)
            {
                return false;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, outcomes.Count(created => created));
        Assert.Equal(2, store.List(Tenant).Count);
    }
}
