using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Tests.Load;

public sealed class LoadProfileTests
{
    [Fact]
    public void Schedule_Constant_ArrivalIAtIOverRate()
    {
        var arrivals = LoadProfile.Constant(10, TimeSpan.FromSeconds(1), TimeSpan.Zero).Schedule().ToList();

        Assert.Equal(10, arrivals.Count);
        for (var i = 0; i < arrivals.Count; i++)
        {
            Assert.Equal(i, arrivals[i].Index);
            Assert.Equal(i * 0.1, arrivals[i].Offset.TotalSeconds, 6);
            Assert.True(arrivals[i].Measured);
        }
    }

    [Fact]
    public void Schedule_Ramp_FollowsTheRateIntegral()
    {
        // 0 → 100 rps over 10 s: N(t) = 5t², so arrival i is at √(i/5) and there are 500 in all.
        var arrivals = LoadProfile.Ramp(0, 100, TimeSpan.FromSeconds(10), TimeSpan.Zero).Schedule().ToList();

        Assert.Equal(500, arrivals.Count);
        Assert.Equal(0, arrivals[0].Offset.TotalSeconds, 6);
        Assert.Equal(1.0, arrivals[5].Offset.TotalSeconds, 6);
        Assert.Equal(2.0, arrivals[20].Offset.TotalSeconds, 6);
        Assert.Equal(Math.Sqrt(499 / 5.0), arrivals[499].Offset.TotalSeconds, 6);
        Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.True(pair.Second.Offset > pair.First.Offset));
    }

    [Fact]
    public void Schedule_RampDown_GapsWiden()
    {
        var arrivals = LoadProfile.Ramp(100, 10, TimeSpan.FromSeconds(2), TimeSpan.Zero).Schedule().ToList();

        Assert.Equal(110, arrivals.Count);
        var firstGap = arrivals[1].Offset - arrivals[0].Offset;
        var lastGap = arrivals[^1].Offset - arrivals[^2].Offset;
        Assert.Equal(0.01, firstGap.TotalSeconds, 3);
        Assert.True(lastGap > firstGap * 4);
        Assert.True(arrivals[^1].Offset <= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Schedule_Steps_EachStepHoldsItsRate()
    {
        var arrivals = LoadProfile.Steps([10, 20], TimeSpan.FromSeconds(1), TimeSpan.Zero).Schedule().ToList();

        Assert.Equal(30, arrivals.Count);
        Assert.All(arrivals.Take(10), a => Assert.Equal("10 rps", a.Segment.Name));
        Assert.All(arrivals.Skip(10), a => Assert.Equal("20 rps", a.Segment.Name));
        Assert.Equal(0.9, arrivals[9].Offset.TotalSeconds, 6);
        Assert.Equal(1.0, arrivals[10].Offset.TotalSeconds, 6);
        Assert.Equal(1.05, arrivals[11].Offset.TotalSeconds, 6);
        Assert.Equal(1.95, arrivals[29].Offset.TotalSeconds, 6);
    }

    [Fact]
    public void Schedule_Warmup_ComesFirstUnmeasuredAtTheStartingRate()
    {
        var profile = LoadProfile.Constant(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5));
        var arrivals = profile.Schedule().ToList();

        Assert.Equal(15, arrivals.Count);
        Assert.All(arrivals.Take(5), a => Assert.False(a.Measured));
        Assert.All(arrivals.Skip(5), a => Assert.True(a.Measured));
        Assert.Equal(0.5, arrivals[5].Offset.TotalSeconds, 6);
        Assert.Equal(10, profile.MeasuredArrivals);
        Assert.Equal(TimeSpan.FromSeconds(1.5), profile.Total);
        Assert.Equal(TimeSpan.FromSeconds(0.5), profile.Warmup);
    }
}
