using NeuronEngine.Counters;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Engine.Templates;

namespace NeuronEngine.Engine.Tests.Templates;

public sealed class TemplateReadinessTests
{
    private static readonly TenantStats Stats = new(
        TotalEvents: 130,
        EventsByType: new Dictionary<string, long> { ["click"] = 100, ["purchase"] = 20, ["view"] = 10 },
        EventsByTypeAndTag: new Dictionary<TypeTag, long> { [new TypeTag("click", "surface:home")] = 40, [new TypeTag("purchase", "surface:home")] = 5 },
        DistinctUsers: 10,
        DistinctItems: 20);

    private static Template Template(long minTotal, string tagFilter, params (string Type, long Threshold)[] signals) => new(
        "t", "T", [.. signals.Select(s => new TemplateSignal(s.Type, 5, false, s.Threshold))], minTotal, tagFilter,
        TemplateStatus.Published, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Evaluate_SignalBelowThreshold_LeftOutOfTotal()
    {
        var readiness = TemplateReadiness.Evaluate(Template(100, "", ("click", 50), ("purchase", 25), ("view", 10)), Stats);
        Assert.Equal([true, false, true], readiness.Signals.Select(s => s.Passes));
        Assert.Equal(110, readiness.Total);
        Assert.True(readiness.Ready);
    }

    [Fact]
    public void Evaluate_TagFilter_CountsOnlyTaggedEvents()
    {
        var readiness = TemplateReadiness.Evaluate(Template(50, "surface:home", ("click", 1), ("purchase", 1), ("view", 1)), Stats);
        Assert.Equal([40L, 5, 0], readiness.Signals.Select(s => s.Count));
        Assert.Equal(45, readiness.Total);
        Assert.False(readiness.Ready);
    }

    [Fact]
    public void Evaluate_NoSignalPasses_NotReadyEvenWithZeroMinimum()
    {
        var readiness = TemplateReadiness.Evaluate(Template(0, "", ("click", 1000)), Stats);
        Assert.False(readiness.Ready);
        var contract = readiness.ToContract();
        Assert.False(contract.MinTotalMet);
        Assert.Equal(1000, contract.Signals[0].Threshold);
    }
}
