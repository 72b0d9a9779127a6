using NeuronEngine.Server.Hosting;

namespace NeuronEngine.Server.Tests.Hosting;

public sealed class ClusterSwitchTests
{
    [Theory]
    [InlineData("--cluster", "redis=127.0.0.1:6379,password=x")]
    [InlineData("--CLUSTER", "REDIS=127.0.0.1:6379,password=x")]
    public void Rewrite_RedisValue_BecomesTheConfigurationString(string name, string value)
    {
        var args = ClusterSwitch.Rewrite(["--port", "1", name, value], out var error);

        Assert.Null(error);
        Assert.Equal(["--port", "1", name, "127.0.0.1:6379,password=x"], args);
    }

    [Fact]
    public void Rewrite_EqualsForm_SplitIntoSwitchAndValue()
    {
        var args = ClusterSwitch.Rewrite(["--cluster=redis=a:1,b:2", "--port", "1"], out var error);

        Assert.Null(error);
        Assert.Equal(["--cluster", "a:1,b:2", "--port", "1"], args);
    }

    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("redis=")]
    [InlineData("etcd=host:2379")]
    public void Rewrite_WithoutRedisScheme_NamesTheSwitchAndItsForm(string value)
    {
        ClusterSwitch.Rewrite(["--cluster", value], out var error);

        Assert.NotNull(error);
        Assert.StartsWith("--cluster must be redis=HOST:PORT", error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_NoSwitch_LeavesArgumentsAlone()
    {
        string[] given = ["--port", "7070"];

        Assert.Equal(given, ClusterSwitch.Rewrite(given, out var error));
        Assert.Null(error);
    }
}
