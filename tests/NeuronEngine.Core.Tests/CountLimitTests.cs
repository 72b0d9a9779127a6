namespace NeuronEngine.Core.Tests;

public sealed class CountLimitTests
{
    private static readonly CountLimit Three = new("Limits:MaxThings", 3);

    [Theory]
    [InlineData(0, 3, true)]
    [InlineData(2, 1, true)]
    [InlineData(3, 1, false)]
    [InlineData(1, 3, false)]
    [InlineData(5, 0, true)]
    public void Allows_HaveAndAdding_WithinTheValueOrAddingNothing(long have, long adding, bool allowed) =>
        Assert.Equal(allowed, Three.Allows(have, adding));

    [Fact]
    public void Allows_ZeroOrDefault_IsNoLimit()
    {
        Assert.True(new CountLimit("Limits:MaxThings", 0).Allows(long.MaxValue / 2, 1_000_000));
        Assert.True(default(CountLimit).Allows(10, 10));
        Assert.False(default(CountLimit).IsSet);
    }

    [Fact]
    public void Reached_ResourceExhaustedNamingSettingValueTenantAndDetail()
    {
        var ex = Three.Reached("acme", "it has 3 things");

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Equal("Limits:MaxThings (3) reached for tenant \"acme\": it has 3 things", ex.Message);
    }
}
