using NeuronEngine.Engine.Hosting;

namespace NeuronEngine.Engine.Tests.Hosting;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new EngineOptions().Validate());

    public static TheoryData<Action<EngineOptions>, string> Broken => new()
    {
        { o => o.Port = -1, "Engine:Port" },
        { o => o.Port = 65536, "Engine:Port" },
        { o => o.Host = "not an address", "Engine:Host" },
        { o => o.DataDir = " ", "Engine:DataDir" },
        { o => o.MaxBatchEvents = 0, "Engine:MaxBatchEvents" },
        { o => o.MaxFutureSkew = TimeSpan.FromSeconds(-1), "Engine:MaxFutureSkew" },
        { o => o.MaxTagsPerEvent = -1, "Engine:MaxTagsPerEvent" },
        { o => o.CheckpointInterval = TimeSpan.FromMilliseconds(10), "Engine:CheckpointInterval" },
        { o => o.MaxReceiveMessageBytes = 10, "Engine:MaxReceiveMessageBytes" },
        { o => o.ShutdownTimeout = TimeSpan.FromSeconds(-1), "Engine:ShutdownTimeout" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_BadValue_NamesKey(Action<EngineOptions> breakIt, string key)
    {
        var options = new EngineOptions();
        breakIt(options);
        Assert.Contains(options.Validate(), e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOne()
    {
        var options = new EngineOptions { Port = -1, MaxBatchEvents = 0, DataDir = "" };
        Assert.Equal(3, options.Validate().Count);
    }
}
