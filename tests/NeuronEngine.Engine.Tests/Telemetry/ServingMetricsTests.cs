using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class ServingMetricsTests : IDisposable
{
    private readonly MeasurementRecorder recorder = new();
    private readonly ServingMetrics metrics;

    public ServingMetricsTests() => metrics = new ServingMetrics(recorder.Meters, new TenantLabels(1));

    [Fact]
    public void Served_NewVersion_OneForItAndZeroForTheOneBefore()
    {
        metrics.Served("a", "production", Version("recs", 1));
        metrics.Served("a", "production", Version("recs", 2));

        recorder.Observe();

        var gauge = recorder.Of("neuron.serving.version");
        Assert.Equal(2, gauge.Count);
        Assert.Equal(1, Assert.Single(gauge, m => Equals(m.Tags["version"], "2")).Value);
        Assert.Equal(0, Assert.Single(gauge, m => Equals(m.Tags["version"], "1")).Value);
        Assert.All(gauge, m => Assert.Equal(("a", "production", "recs"), ((string?)m.Tags["tenant"], (string?)m.Tags["endpoint"], (string?)m.Tags["family"])));
    }

    [Fact]
    public void Served_BackToAnEarlierVersion_ItIsOneAgainAndNotAlsoZero()
    {
        metrics.Served("a", "production", Version("recs", 1));
        metrics.Served("a", "production", Version("recs", 2));
        metrics.Served("a", "production", Version("recs", 1));

        recorder.Observe();

        var gauge = recorder.Of("neuron.serving.version");
        Assert.Equal(1, Assert.Single(gauge, m => Equals(m.Tags["version"], "1")).Value);
        Assert.Equal(0, Assert.Single(gauge, m => Equals(m.Tags["version"], "2")).Value);
    }

    [Fact]
    public void Served_SharedFamilyOnATenantPastTheLimit_FamilyNamedSharedAndTenantOther()
    {
        metrics.Served("a", "production", Version("recs", 1));
        metrics.Served("b", "production", new VersionRef(new FamilyRef("shared", "base"), 3));

        recorder.Observe();

        var shared = Assert.Single(recorder.Of("neuron.serving.version"), m => Equals(m.Tags["family"], "shared/base"));
        Assert.Equal(TenantLabels.Other, shared.Tags["tenant"]);
    }

    [Fact]
    public void Promotion_Result_CountedByTenantAndResultAndTimed()
    {
        metrics.Promotion("a", PromotionResults.Failed, TimeSpan.FromMilliseconds(1500));

        var count = Assert.Single(recorder.Of("neuron.promotions"));
        Assert.Equal(("a", "failed"), ((string?)count.Tags["tenant"], (string?)count.Tags["result"]));
        var duration = Assert.Single(recorder.Of("neuron.promotion.duration"));
        Assert.Equal(1.5, duration.Value, 6);
    }

    private static VersionRef Version(string family, int version) => new(new FamilyRef("a", family), version);

    public void Dispose() => recorder.Dispose();
}
