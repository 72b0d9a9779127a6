using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class TenantLabelsTests
{
    [Fact]
    public void For_WithinLimit_TenantIsItsOwnLabel()
    {
        var labels = new TenantLabels(3);

        Assert.Equal("a", labels.For("a"));
        Assert.Equal("b", labels.For("b"));
        Assert.Equal("a", labels.For("a"));
    }

    [Fact]
    public void For_PastLimit_LaterTenantsAreOtherAndEarlierOnesKeepTheirLabel()
    {
        var labels = new TenantLabels(2);
        labels.For("a");
        labels.For("b");

        Assert.Equal(TenantLabels.Other, labels.For("c"));
        Assert.Equal(TenantLabels.Other, labels.For("d"));
        Assert.Equal("a", labels.For("a"));
        Assert.Equal("b", labels.For("b"));
        Assert.Equal(TenantLabels.Other, labels.For("c"));
    }

    [Fact]
    public void For_ZeroLimit_EveryTenantIsOther()
    {
        var labels = new TenantLabels(0);

        Assert.Equal(TenantLabels.Other, labels.For("a"));
    }

    [Fact]
    public void For_ManyThreadsManyTenants_ExactlyLimitTenantsLabelled()
    {
        var labels = new TenantLabels(50);
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results.Add(labels.For("t" + (i % 400))));

        var named = results.Where(r => r != TenantLabels.Other).Distinct().ToList();
        Assert.Equal(50, named.Count);

        // A tenant that got its own label keeps it.
        Assert.All(named, t => Assert.Equal(t, labels.For(t)));
    }

    [Fact]
    public void Constructor_NegativeLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TenantLabels(-1));
    }
}
