using NeuronEngine.Core;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.Templates;

public abstract partial class TemplateStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry;

    protected TemplateStoreTests(RegistryBackend backend)
    {
        registry = new(backend);
        registry.EventTypes.Create(Tenant, "click", "Click", 3);
        registry.EventTypes.Create(Tenant, "purchase", "Purchase", 40);
    }

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Create_Valid_StoresDraftWithEveryField()
    {
        var spec = new TemplateSpec("home-feed", "Home feed", [new SignalSpec("purchase", 90, 5), new SignalSpec("click", null, 100)], 1000, "surface:home");

        var created = registry.Templates.Create(Tenant, spec);

        Assert.Equal("home-feed", created.TemplateId);
        Assert.Equal("Home feed", created.Name);
        Assert.Equal([new TemplateSignal("purchase", 90, false, 5), new TemplateSignal("click", 3, true, 100)], created.Signals);
        Assert.Equal(1000, created.MinTotalEvents);
        Assert.Equal("surface:home", created.TagFilter);
        Assert.Equal(TemplateStatus.Draft, created.Status);
        Assert.Equal(registry.Clock.GetUtcNow(), created.Created);
        Assert.Equal(created.Created, created.Updated);
        Assert.Null(created.Published);
        AssertSame(created, registry.Templates.Get(Tenant, "home-feed"));
    }

    [Fact]
    public void Create_EmptyId_GeneratesDistinctValidIds()
    {
        var first = registry.Templates.Create(Tenant, Valid() with { TemplateId = "" });
        var second = registry.Templates.Create(Tenant, Valid() with { TemplateId = null });

        Assert.NotEqual(first.TemplateId, second.TemplateId);
        Assert.Matches("^[a-z0-9][a-z0-9_-]{0,63}$", first.TemplateId);
        Assert.Equal(first.TemplateId, registry.Templates.Get(Tenant, first.TemplateId).TemplateId);
    }

    [Fact]
    public void Create_DuplicateId_ThrowsAlreadyExists()
    {
        registry.Templates.Create(Tenant, Valid());

        NeuronAssert.Throws(ErrorKind.AlreadyExists, () => registry.Templates.Create(Tenant, Valid() with { Name = "Other" }));

        Assert.Equal("Home", registry.Templates.Get(Tenant, "home").Name);
    }

    [Fact]
    public void Update_Draft_ReplacesEditableFields()
    {
        var created = registry.Templates.Create(Tenant, Valid() with { TagFilter = "surface:home" });
        registry.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = registry.Clock.GetUtcNow();

        var updated = registry.Templates.Update(Tenant, new TemplateSpec("home", "Home v2", [new SignalSpec("purchase", null, 7), new SignalSpec("click", 10, 1)], 50));

        Assert.Equal("Home v2", updated.Name);
        Assert.Equal([new TemplateSignal("purchase", 40, true, 7), new TemplateSignal("click", 10, false, 1)], updated.Signals);
        Assert.Equal(50, updated.MinTotalEvents);
        Assert.Equal("", updated.TagFilter);
        Assert.Equal(created.Created, updated.Created);
        Assert.Equal(at, updated.Updated);
        AssertSame(updated, registry.Templates.Get(Tenant, "home"));
    }

    [Fact]
    public void Update_UnknownEventType_ThrowsInvalidArgumentAndKeepsDraft()
    {
        registry.Templates.Create(Tenant, Valid());

        NeuronAssert.InvalidArgument("signals[0].type", () => registry.Templates.Update(Tenant, Valid() with { Name = "New", Signals = [new SignalSpec("zap", null, 0)] }));

        Assert.Equal("Home", registry.Templates.Get(Tenant, "home").Name);
    }

    [Fact]
    public void Update_Published_ThrowsFailedPrecondition()
    {
        registry.Templates.Create(Tenant, Valid());
        registry.Templates.Publish(Tenant, "home");

        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Templates.Update(Tenant, Valid() with { Name = "Changed" }));

        Assert.Contains("reproducible", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Home", registry.Templates.Get(Tenant, "home").Name);
    }

    [Fact]
    public void EveryMethod_UnknownTemplate_ThrowsNotFound()
    {
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Templates.Get(Tenant, "nope"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Templates.Update(Tenant, Valid() with { TemplateId = "nope" }));
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Templates.Publish(Tenant, "nope"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Templates.Delete(Tenant, "nope"));
    }

    [Fact]
    public void Delete_AnyStatus_RemovesTemplateAndReleasesEventTypes()
    {
        registry.Templates.Create(Tenant, Valid());
        registry.Templates.Create(Tenant, Valid() with { TemplateId = "draft" });
        registry.Templates.Publish(Tenant, "home");

        registry.Templates.Delete(Tenant, "home");
        registry.Templates.Delete(Tenant, "draft");

        Assert.Empty(registry.Templates.List(Tenant));
        registry.EventTypes.Delete(Tenant, "click");
    }

    [Fact]
    public void Lifecycle_CreateUpdatePublishDelete_EachStepVisible()
    {
        registry.Templates.Create(Tenant, Valid());
        registry.Templates.Update(Tenant, Valid() with { MinTotalEvents = 10 });
        registry.Templates.Publish(Tenant, "home");
        Assert.Equal(10, registry.Templates.Get(Tenant, "home").MinTotalEvents);
        Assert.Equal(TemplateStatus.Published, registry.Templates.Get(Tenant, "home").Status);

        registry.Templates.Delete(Tenant, "home");

        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Templates.Get(Tenant, "home"));
    }

    [Fact]
    public void List_StatusFilter_ReturnsOnlyThatStatusOrderedById()
    {
        foreach (var id in new[] { "c", "a", "b" })
        {
            registry.Templates.Create(Tenant, Valid() with { TemplateId = id });
        }

        registry.Templates.Publish(Tenant, "b");

        Assert.Equal(["a", "b", "c"], registry.Templates.List(Tenant).Select(t => t.TemplateId));
        Assert.Equal(["a", "c"], registry.Templates.List(Tenant, TemplateStatus.Draft).Select(t => t.TemplateId));
        var published = Assert.Single(registry.Templates.List(Tenant, TemplateStatus.Published));
        Assert.Equal("b", published.TemplateId);
        Assert.Single(published.Signals);
    }

    [Fact]
    public void EveryMethod_OtherTenant_SeesNothingAndCannotUseItsTypes()
    {
        registry.Templates.Create(Tenant, Valid());
        var store = registry.Templates;

        Assert.Empty(store.List("globex"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Get("globex", "home"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Update("globex", Valid()));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Publish("globex", "home"));
        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Delete("globex", "home"));
        NeuronAssert.InvalidArgument("signals[0].type", () => store.Create("globex", Valid()));

        registry.EventTypes.Create("globex", "click", "Click", 77);
        store.Create("globex", Valid());
        store.Publish("globex", "home");
        Assert.Equal(77, store.Get("globex", "home").Signals[0].Weight);
        Assert.Equal(TemplateStatus.Draft, store.Get(Tenant, "home").Status);
        Assert.Equal(3, store.Get(Tenant, "home").Signals[0].Weight);
    }

    private static TemplateSpec Valid() => new("home", "Home", [new SignalSpec("click", null, 0)]);

    private static void AssertSame(Template expected, Template actual)
    {
        Assert.Equal(expected with { Signals = [] }, actual with { Signals = [] });
        Assert.Equal(expected.Signals, actual.Signals);
    }
}

public sealed class TemplateStoreTestsOnSqlite() : TemplateStoreTests(RegistryBackend.Sqlite);

public sealed class TemplateStoreTestsOnRedis() : TemplateStoreTests(RegistryBackend.Redis);
