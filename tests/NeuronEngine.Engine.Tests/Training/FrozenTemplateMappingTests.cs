using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Training;
using RegistryTemplate = NeuronEngine.Registry.Templates.Template;
using RegistryTemplateSignal = NeuronEngine.Registry.Templates.TemplateSignal;
using TemplateStatus = NeuronEngine.Registry.Templates.TemplateStatus;

namespace NeuronEngine.Engine.Tests.Training;

public sealed class FrozenTemplateMappingTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void FromPublished_PublishedTemplate_EveryFieldCopied()
    {
        var frozen = FrozenTemplateMapping.FromPublished(Published("surface:home"));

        Assert.Equal(Expected("surface:home"), frozen);
    }

    [Fact]
    public void FromPublished_SignalWithoutWeight_Throws()
    {
        var draft = Published("") with { Signals = [new RegistryTemplateSignal("click", null, true, 0)] };

        Assert.Throws<InvalidOperationException>(() => FrozenTemplateMapping.FromPublished(draft));
    }

    [Theory]
    [InlineData("")]
    [InlineData("surface:home")]
    public void ToStoredFromStored_RoundTrip_SameMessage(string tagFilter)
    {
        var frozen = Expected(tagFilter);

        Assert.Equal(frozen, FrozenTemplateMapping.FromStored(FrozenTemplateMapping.ToStored(frozen)));
    }

    [Fact]
    public void ToStored_KeepsTheProtoFieldNames()
    {
        var stored = FrozenTemplateMapping.ToStored(Expected(""));

        foreach (var name in new[] { "\"template_id\"", "\"name\"", "\"signals\"", "\"type\"", "\"weight\"", "\"threshold\"", "\"min_total_events\"", "\"tag_filter\"" })
        {
            Assert.Contains(name, stored, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs stored by engines before the template became a message hold this hand-written JSON; they still lease.</summary>
    [Fact]
    public void FromStored_OlderEnginesJson_ReadsEveryField()
    {
        const string OldNoTag = """{"template_id":"home","name":"Home feed","signals":[{"type":"click","weight":5,"threshold":1},{"type":"purchase","weight":60,"threshold":0}],"min_total_events":2,"tag_filter":null}""";
        const string OldTag = """{"template_id":"home","name":"Home feed","signals":[{"type":"click","weight":5,"threshold":1},{"type":"purchase","weight":60,"threshold":0}],"min_total_events":2,"tag_filter":"surface:home"}""";

        Assert.Equal(Expected(""), FrozenTemplateMapping.FromStored(OldNoTag));
        Assert.Equal(Expected("surface:home"), FrozenTemplateMapping.FromStored(OldTag));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"signals": "click"}""")]
    public void FromStored_Unreadable_Null(string stored) => Assert.Null(FrozenTemplateMapping.FromStored(stored));

    private static RegistryTemplate Published(string tagFilter) => new(
        "home", "Home feed", [new RegistryTemplateSignal("click", 5, false, 1), new RegistryTemplateSignal("purchase", 60, true, 0)], 2, tagFilter,
        TemplateStatus.Published, At, At, At);

    private static FrozenTemplate Expected(string tagFilter) => new()
    {
        TemplateId = "home",
        Name = "Home feed",
        Signals = { new FrozenSignal { Type = "click", Weight = 5, Threshold = 1 }, new FrozenSignal { Type = "purchase", Weight = 60 } },
        MinTotalEvents = 2,
        TagFilter = tagFilter,
    };
}
