using NeuronEngine.Trainer.SelfTest;

namespace NeuronEngine.Trainer.Tests;

public sealed class TorchSelfTestTests
{
    [Fact]
    public void Run_TwentySeededSteps_LossFallsBelowHalf()
    {
        var losses = TorchSelfTest.Run(steps: 20, seed: 42);

        Assert.Equal(20, losses.Count);
        Assert.All(losses, l => Assert.True(float.IsFinite(l), $"loss {l}"));
        Assert.True(losses[^1] < losses[0] * 0.5f, string.Join(", ", losses));
    }

    [Fact]
    public void Run_SameSeedTwice_SameLosses()
    {
        var first = TorchSelfTest.Run(steps: 5, seed: 7);
        var second = TorchSelfTest.Run(steps: 5, seed: 7);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_ZeroSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchSelfTest.Run(steps: 0, seed: 1));
    }
}
