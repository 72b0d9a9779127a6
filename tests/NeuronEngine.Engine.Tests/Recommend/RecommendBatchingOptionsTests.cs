using NeuronEngine.Engine.Recommend;

namespace NeuronEngine.Engine.Tests.Recommend;

public sealed class RecommendBatchingOptionsTests
{
    [Fact]
    public void Validate_Defaults_ValidAndBatchingOn()
    {
        var options = new RecommendBatchingOptions();
        Assert.Empty(options.Validate());
        Assert.Equal((true, 16, TimeSpan.Zero), (options.Enabled, options.MaxBatch, options.MaxWait));
    }

    [Fact]
    public void Validate_EveryValueOutOfRange_EveryErrorNamed()
    {
        var errors = new RecommendBatchingOptions { MaxBatch = 0, MaxWait = TimeSpan.FromMilliseconds(11) }.Validate();
        Assert.Equal(["Recommend:Batching:MaxBatch must be 1-256 (got 0)", "Recommend:Batching:MaxWait must be 0-10 ms (got 00:00:00.0110000)"], errors);
        Assert.Single(new RecommendBatchingOptions { MaxWait = TimeSpan.FromTicks(-1) }.Validate());
        Assert.Single(new RecommendBatchingOptions { MaxBatch = 257 }.Validate());
    }
}
