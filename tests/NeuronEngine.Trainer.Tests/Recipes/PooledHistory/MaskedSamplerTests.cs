using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;

namespace NeuronEngine.Trainer.Tests.Recipes.PooledHistory;

public sealed class MaskedSamplerTests
{
    private static RecentHistories Histories()
    {
        // User 0: 10 items; user 1: 4 items; user 2: 1 item (cannot be split into input and target).
        var xs = Enumerable.Range(0, 10).Select(i => new Interaction(0, i, 1 + i, i))
            .Concat(Enumerable.Range(0, 4).Select(i => new Interaction(1, i, 2, i)))
            .Append(new Interaction(2, 5, 1, 1));
        return new RecentHistories(InteractionSet.Create(xs, 3, 10), 50);
    }

    [Fact]
    public void Constructor_SmallData_PassesEnoughTimesToReachTheEpochMinimum()
    {
        var sampler = new MaskedSampler(Histories(), new PooledHistoryOptions { MinSamplesPerEpoch = 5 }, 2, new Random(1));

        Assert.Equal(2, sampler.TrainableUsers);
        Assert.Equal(3, sampler.Passes);
        Assert.Equal(6, sampler.SamplesPerEpoch);
        Assert.Equal(3, sampler.StepsPerEpoch);
        Assert.Equal([0, 0, 0, 1, 1, 1], sampler.EpochOrder().Order().ToArray());
    }

    [Fact]
    public void Next_ManySamples_HidesTwentyToFiftyPercentAndKeepsTheRestAsInput()
    {
        var histories = Histories();
        var sampler = new MaskedSampler(histories, new PooledHistoryOptions { InputDropout = 0 }, 1, new Random(2));
        for (var s = 0; s < 200; s++)
        {
            var batch = sampler.Next([0]);
            var hidden = Enumerable.Range(0, batch.Width).Where(i => batch.TargetMask[i] > 0).Select(i => batch.Targets[i]).ToList();
            var inputs = Enumerable.Range(0, batch.Width).Where(i => batch.InputWeights[i] > 0).Select(i => batch.Inputs[i]).ToList();

            Assert.InRange(hidden.Count, 2, 5);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), hidden.Concat(inputs).Order());
            Assert.All(batch.TargetMask.Where(m => m > 0), m => Assert.Equal(1f / hidden.Count, m));
            Assert.All(Enumerable.Range(0, batch.Width).Where(i => batch.InputWeights[i] > 0), i => Assert.Equal(1 + batch.Inputs[i], batch.InputWeights[i]));
        }
    }

    [Fact]
    public void Next_SameSeed_SameBatches()
    {
        var a = new MaskedSampler(Histories(), new PooledHistoryOptions(), 2, new Random(3));
        var b = new MaskedSampler(Histories(), new PooledHistoryOptions(), 2, new Random(3));

        var x = a.Next([0, 1]);
        var y = b.Next([0, 1]);

        Assert.Equal(x.Inputs, y.Inputs);
        Assert.Equal(x.Targets, y.Targets);
        Assert.Equal(x.DropoutScale, y.DropoutScale);
    }
}
