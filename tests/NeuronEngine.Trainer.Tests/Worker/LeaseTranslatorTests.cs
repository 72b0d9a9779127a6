using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Worker;
using FrozenTemplateMessage = NeuronEngine.Contracts.V1.FrozenTemplate;

namespace NeuronEngine.Trainer.Tests.Worker;

public sealed class LeaseTranslatorTests
{
    private static readonly TrainerOptions Options = new() { DataDir = "/data" };

    [Fact]
    public void ToSpec_TemplateMessage_EveryFieldReachesTheSpec()
    {
        var lease = Lease(new FrozenTemplateMessage
        {
            TemplateId = "home",
            Name = "Home feed",
            Signals = { new FrozenSignal { Type = "click", Weight = 1, Threshold = 3 }, new FrozenSignal { Type = "purchase", Weight = 100 } },
            MinTotalEvents = 7,
            TagFilter = "surface:home",
        });

        var spec = LeaseTranslator.ToSpec(lease, Options);

        Assert.Equal("Home feed", spec.TemplateName);
        Assert.Equal(("home", 7L, "surface:home"), (spec.Template.TemplateId, spec.Template.MinTotalEvents, spec.Template.TagFilter));
        Assert.Equal([new TemplateSignal("click", 1, 3), new TemplateSignal("purchase", 100, 0)], spec.Template.Signals);
    }

    [Fact]
    public void ToSpec_EmptyTagFilterAndName_NoFilterAndTheIdAsName()
    {
        var spec = LeaseTranslator.ToSpec(Lease(new FrozenTemplateMessage { TemplateId = "home", Signals = { new FrozenSignal { Type = "click", Weight = 5 } } }), Options);

        Assert.Null(spec.Template.TagFilter);
        Assert.Equal("home", spec.TemplateName);
    }

    [Fact]
    public void ToSpec_TemplateBreaksEveryRule_InvalidArgumentListingEach()
    {
        var lease = Lease(new FrozenTemplateMessage
        {
            TemplateId = "Home",
            Signals = { new FrozenSignal { Type = "click", Weight = 0, Threshold = -1 }, new FrozenSignal { Type = "click", Weight = 101 } },
            MinTotalEvents = -1,
            TagFilter = "nocolon",
        });

        var ex = Assert.Throws<NeuronException>(() => LeaseTranslator.ToSpec(lease, Options));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        foreach (var field in new[] { "template.template_id", "template.signals[0].weight", "template.signals[0].threshold", "template.signals[1].type", "template.signals[1].weight", "template.min_total_events", "template.tag_filter" })
        {
            Assert.Contains(field + ":", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToSpec_NoSignals_InvalidArgument() =>
        Assert.Contains(
            "template.signals: must name at least one event type",
            Assert.Throws<NeuronException>(() => LeaseTranslator.ToSpec(Lease(new FrozenTemplateMessage { TemplateId = "home" }), Options)).Message,
            StringComparison.Ordinal);

    private static RunLease Lease(FrozenTemplateMessage template) => new()
    {
        LeaseId = "lease-1",
        Tenant = "acme",
        Template = template,
        Run = new Run { RunId = "run-1", Recipe = "popularity", EpochsPlanned = 1, BatchSize = 64, LearningRate = 0.01, Seed = 1 },
    };
}
