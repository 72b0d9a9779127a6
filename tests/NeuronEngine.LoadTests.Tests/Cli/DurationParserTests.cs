using NeuronEngine.LoadTests.Cli;

namespace NeuronEngine.LoadTests.Tests.Cli;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("2.5", 2.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("00:01:05", 65)]
    public void TryParse_Forms_GiveSeconds(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5h")]
    public void TryParse_Garbage_Fails(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
