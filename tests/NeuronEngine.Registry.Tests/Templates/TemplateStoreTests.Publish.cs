using NeuronEngine.Core;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.Templates;

public abstract partial class TemplateStoreTests
{
    [Fact]
    public void Get_DraftWithUnsetWeight_ShowsEventTypesCurrentWeight()
    {
        registry.Templates.Create(Tenant, Valid());
        registry.EventTypes.Update(Tenant, "click", "Click", 8);

        var signal = registry.Templates.Get(Tenant, "home").Signals[0];

        Assert.Equal(new TemplateSignal("click", 8, true, 0), signal);
    }

    [Fact]
    public void Publish_Draft_FreezesEffectiveWeights()
    {
        registry.Templates.Create(Tenant, Valid() with { Signals = [new SignalSpec("click", null, 0), new SignalSpec("purchase", 60, 2)] });
        registry.Clock.Advance(TimeSpan.FromHours(1));
        var at = registry.Clock.GetUtcNow();

        var published = registry.Templates.Publish(Tenant, "home");
        registry.EventTypes.Update(Tenant, "click", "Click", 99);
        registry.EventTypes.Update(Tenant, "purchase", "Purchase", 1);

        Assert.Equal(TemplateStatus.Published, published.Status);
        Assert.Equal(at, published.Published);
        Assert.Equal(at, published.Updated);
        Assert.Equal([new TemplateSignal("click", 3, true, 0), new TemplateSignal("purchase", 60, false, 2)], registry.Templates.Get(Tenant, "home").Signals);
    }

    [Fact]
    public void Publish_AlreadyPublished_ThrowsFailedPrecondition()
    {
        registry.Templates.Create(Tenant, Valid());
        registry.Templates.Publish(Tenant, "home");

        NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Templates.Publish(Tenant, "home"));
    }

    [Fact]
    public void Publish_EventTypesDeletedSinceCreate_ThrowsFailedPreconditionNamingThem()
    {
        registry.EventTypes.Create(Tenant, "view", "View", 1);
        registry.Templates.Create(Tenant, Valid() with { Signals = [new SignalSpec("view", null, 0), new SignalSpec("click", 5, 0), new SignalSpec("purchase", null, 0)] });
        registry.EventTypes.Delete(Tenant, "view");
        registry.EventTypes.Delete(Tenant, "purchase");

        var draft = registry.Templates.Get(Tenant, "home");
        var ex = NeuronAssert.Throws(ErrorKind.FailedPrecondition, () => registry.Templates.Publish(Tenant, "home"));

        Assert.Null(draft.Signals[0].Weight);
        Assert.Contains("\"view\", \"purchase\"", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("click", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TemplateStatus.Draft, registry.Templates.Get(Tenant, "home").Status);
    }
}
