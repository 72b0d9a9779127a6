using NeuronEngine.Core;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.EventTypes;

public abstract partial class EventTypeStoreTests(RegistryBackend backend) : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Create_New_StoresItWithClockTimestamps()
    {
        var created = registry.EventTypes.Create(Tenant, "purchase", "Purchase", 40);

        Assert.Equal(new("purchase", "Purchase", 40, registry.Clock.GetUtcNow(), registry.Clock.GetUtcNow()), created);
        Assert.Equal(created, registry.EventTypes.Get(Tenant, "purchase"));
    }

    [Fact]
    public void Create_Duplicate_ThrowsAlreadyExistsAndKeepsOriginal()
    {
        registry.EventTypes.Create(Tenant, "click", "Click", 3);

        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => registry.EventTypes.Create(Tenant, "click", "Other", 9));

        Assert.Equal(3, registry.EventTypes.Get(Tenant, "click").Weight);
    }

    [Fact]
    public void Update_Existing_ChangesNameAndWeightKeepsCreated()
    {
        var created = registry.EventTypes.Create(Tenant, "click", "Click", 3);
        registry.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = registry.Clock.GetUtcNow();

        var updated = registry.EventTypes.Update(Tenant, "click", "Tap", 7);

        Assert.Equal(new("click", "Tap", 7, created.Created, later), updated);
        Assert.Equal(updated, registry.EventTypes.Get(Tenant, "click"));
    }

    [Fact]
    public void Update_Unknown_ThrowsNotFound()
    {
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.EventTypes.Update(Tenant, "click", "Click", 3));
    }

    [Fact]
    public void Delete_Existing_RemovesIt()
    {
        registry.EventTypes.Create(Tenant, "click", "Click", 3);

        registry.EventTypes.Delete(Tenant, "click");

        Assert.Null(registry.EventTypes.Find(Tenant, "click"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.EventTypes.Get(Tenant, "click"));
    }

    [Fact]
    public void Delete_Unknown_ThrowsNotFound()
    {
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.EventTypes.Delete(Tenant, "click"));
    }

    [Fact]
    public void Delete_UsedByPublishedTemplates_ThrowsFailedPreconditionNamingThem()
    {
        registry.EventTypes.Create(Tenant, "click", "Click", 3);
        foreach (var id in new[] { "home-feed", "search" })
        {
            registry.Templates.Create(Tenant, new TemplateSpec(id, id, [new SignalSpec("click", null, 0)]));
            registry.Templates.Publish(Tenant, id);
        }

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.EventTypes.Delete(Tenant, "click"));

        Assert.Contains("\"home-feed\", \"search\"", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(registry.EventTypes.Find(Tenant, "click"));
    }

    [Fact]
    public void Delete_UsedOnlyByDraft_Succeeds()
    {
        registry.EventTypes.Create(Tenant, "click", "Click", 3);
        registry.Templates.Create(Tenant, new TemplateSpec("draft", "Draft", [new SignalSpec("click", null, 0)]));

        registry.EventTypes.Delete(Tenant, "click");

        Assert.Null(registry.EventTypes.Find(Tenant, "click"));
    }

    [Fact]
    public void List_SeveralTypes_OrderedByType()
    {
        foreach (var type in new[] { "purchase", "click", "view" })
        {
            registry.EventTypes.Create(Tenant, type, type, 1);
        }

        Assert.Equal(["click", "purchase", "view"], registry.EventTypes.List(Tenant).Select(t => t.Type));
        Assert.Equal(["click", "purchase", "view"], registry.EventTypes.LoadAll(Tenant).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_ConcurrentWritersOnSeparateConnections_AllSucceed()
    {
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                registry.EventTypes.Create(Tenant, $"t{w}_{i}", "T", 1 + i);
                registry.Templates.Create(Tenant, new TemplateSpec($"x{w}-{i}", "X", [new SignalSpec($"t{w}_{i}", null, 0)]));
            }
        }));

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, registry.EventTypes.List(Tenant).Count);
        Assert.Equal(200, registry.Templates.List(Tenant).Count);
    }

    [Fact]
    public void EveryMethod_OtherTenant_SeesNothing()
    {
        registry.EventTypes.Create("acme", "click", "Click", 3);
        var store = registry.EventTypes;

        Assert.Null(store.Find("globex", "click"));
        Assert.Empty(store.List("globex"));
        Assert.Empty(store.LoadAll("globex"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Get("globex", "click"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Update("globex", "click", "Mine", 9));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Delete("globex", "click"));

        store.Create("globex", "click", "Their click", 50);
        Assert.Equal(3, store.Get("acme", "click").Weight);
        Assert.Equal(50, store.Get("globex", "click").Weight);
    }
}

public sealed class EventTypeStoreTestsOnSqlite() : EventTypeStoreTests(RegistryBackend.Sqlite);

public sealed class EventTypeStoreTestsOnRedis() : EventTypeStoreTests(RegistryBackend.Redis);
