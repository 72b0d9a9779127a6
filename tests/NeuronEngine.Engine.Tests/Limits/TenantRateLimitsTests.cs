using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Tests.Limits;

public sealed class TenantRateLimitsTests
{
    private static TenantRateLimits Limits(int recommendPerSecond = 10, int recommendBurst = 2, int eventsPerSecond = 10, int eventsBurst = 5) =>
        new(Options.Create(new LimitsOptions
        {
            RecommendPerSecond = recommendPerSecond,
            RecommendBurst = recommendBurst,
            EventsPerSecond = eventsPerSecond,
            EventsBurst = eventsBurst,
        }));

    [Fact]
    public void TakeRecommend_BurstSpent_ResourceExhaustedNamingTheLimitAndTenant()
    {
        using var limits = Limits();
        limits.TakeRecommend("a");
        limits.TakeRecommend("a");

        var ex = Assert.Throws<NeuronException>(() => limits.TakeRecommend("a"));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("Limits:RecommendPerSecond", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"a\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TakeRecommend_OtherTenant_HasItsOwnBucket()
    {
        using var limits = Limits();
        limits.TakeRecommend("a");
        limits.TakeRecommend("a");

        limits.TakeRecommend("b");
        limits.TakeRecommend("b");
    }

    [Fact]
    public async Task TakeRecommend_AfterABreak_AllowedAgain()
    {
        using var limits = Limits(recommendPerSecond: 100);
        limits.TakeRecommend("a");
        limits.TakeRecommend("a");
        Assert.Throws<NeuronException>(() => limits.TakeRecommend("a"));

        // The bucket refills every 100 ms; poll instead of assuming when.
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(50);
            try
            {
                limits.TakeRecommend("a");
                return;
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.ResourceExhausted)
            {
            }
        }

        Assert.Fail("the bucket never refilled");
    }

    [Fact]
    public void TakeEvents_CountsEventsAllOrNone()
    {
        using var limits = Limits();
        limits.TakeEvents("a", 3);

        var ex = Assert.Throws<NeuronException>(() => limits.TakeEvents("a", 3));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("Limits:EventsPerSecond", ex.Message, StringComparison.Ordinal);
        limits.TakeEvents("a", 2);
    }

    [Fact]
    public void TakeEvents_BatchLargerThanTheBurst_RefusedNamingTheBurst()
    {
        using var limits = Limits();

        var ex = Assert.Throws<NeuronException>(() => limits.TakeEvents("a", 6));

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("Limits:EventsBurst", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_LimitsOff_NeverRefuses()
    {
        using var limits = Limits(recommendPerSecond: 0, eventsPerSecond: 0);
        for (var i = 0; i < 1000; i++)
        {
            limits.TakeRecommend("a");
            limits.TakeEvents("a", 100);
        }
    }

    [Fact]
    public void Validate_BadValues_NamesEach()
    {
        var errors = new LimitsOptions { RecommendPerSecond = -1, EventsPerSecond = 10, EventsBurst = 0 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Limits:RecommendPerSecond", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Limits:EventsBurst", StringComparison.Ordinal));
    }
}
