using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

public sealed class DurabilityPolicyTests
{
    [Theory]
    [InlineData("always", DurabilityMode.Always, 0, "always")]
    [InlineData("ALWAYS", DurabilityMode.Always, 0, "always")]
    [InlineData(" none ", DurabilityMode.None, 0, "none")]
    [InlineData("interval:50", DurabilityMode.Interval, 50, "interval:50")]
    [InlineData("Interval:1", DurabilityMode.Interval, 1, "interval:1")]
    [InlineData("interval:60000", DurabilityMode.Interval, 60000, "interval:60000")]
    public void TryParse_ValidText_ParsesAndRoundTrips(string text, DurabilityMode mode, int ms, string canonical)
    {
        Assert.True(DurabilityPolicy.TryParse(text, out var policy));
        Assert.Equal(mode, policy.Mode);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), policy.Interval);
        Assert.Equal(canonical, policy.ToString());
        Assert.Equal(policy, DurabilityPolicy.Parse(policy.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sometimes")]
    [InlineData("interval")]
    [InlineData("interval:")]
    [InlineData("interval:0")]
    [InlineData("interval:-5")]
    [InlineData("interval:60001")]
    [InlineData("interval:5ms")]
    [InlineData("interval: 5")]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.False(DurabilityPolicy.TryParse(text, out _));
    }

    [Fact]
    public void Parse_InvalidText_ThrowsInvalidArgumentNamingTheForms()
    {
        var ex = Assert.Throws<NeuronException>(() => DurabilityPolicy.Parse("fast"));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("EventLog:Durability", ex.Field);
        Assert.Contains("interval:<ms>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsAlways()
    {
        Assert.Equal(DurabilityMode.Always, default(DurabilityPolicy).Mode);
        Assert.Equal(DurabilityPolicy.Always, DurabilityPolicy.Parse("always"));
        Assert.Equal(DurabilityPolicy.EveryInterval(20), DurabilityPolicy.Parse("interval:20"));
    }
}
