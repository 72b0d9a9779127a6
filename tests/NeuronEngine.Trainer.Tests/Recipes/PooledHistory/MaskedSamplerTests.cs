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

    private static (List<long> Hidden, List<long> Inputs) Split(MaskedBatch batch, int row)
    {
        var cells = Enumerable.Range(row * batch.Width, batch.Width).ToList();
        return ([.. cells.Where(i => batch.TargetMask[i] > 0).Select(i => batch.Targets[i])],
                [.. cells.Where(i => batch.InputWeights[i] > 0).Select(i => batch.Inputs[i])]);
    }

    [Fact]
    public void Constructor_FewerItemsThanFolds_OneFoldPerItem()
    {
        var sampler = new MaskedSampler(Histories(), new PooledHistoryOptions { Folds = 5, MinStepsPerEpoch = 1 }, 2, new Random(1));

        Assert.Equal(2, sampler.TrainableUsers);
        Assert.Equal(9, sampler.SamplesPerEpoch);
        Assert.Equal(5, sampler.StepsPerEpoch);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], sampler.EpochOrder().Select(s => s.User).Order().ToArray());
    }

    [Fact]
    public void Next_OneEpoch_EveryItemIsATargetExactlyOnceAndTheRestIsInput()
    {
        var sampler = new MaskedSampler(Histories(), new PooledHistoryOptions { Folds = 3, InputDropout = 0, MinStepsPerEpoch = 1 }, 1, new Random(2));
        var order = sampler.EpochOrder();
        var hiddenOfUser0 = new List<long>();
        foreach (var sample in order.Where(s => s.User == 0))
        {
            var batch = sampler.Next([sample]);
            var (hidden, inputs) = Split(batch, 0);

            Assert.InRange(hidden.Count, 3, 4);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), hidden.Concat(inputs).Order());
            Assert.All(batch.TargetMask.Where(m => m > 0), m => Assert.Equal(1f / hidden.Count, m));
            Assert.All(Enumerable.Range(0, batch.Width).Where(i => batch.InputWeights[i] > 0), i => Assert.Equal(1 + batch.Inputs[i], batch.InputWeights[i]));
            hiddenOfUser0.AddRange(hidden);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), hiddenOfUser0.Order());
    }

    [Fact]
    public void EpochOrder_SmallData_PassesUpToMinStepsEachMakingEveryItemATargetOnce()
    {
        var sampler = new MaskedSampler(Histories(), new PooledHistoryOptions { Folds = 3, InputDropout = 0, MinStepsPerEpoch = 40 }, 2, new Random(5));

        var order = sampler.EpochOrder();

        Assert.True(sampler.Passes > 1, $"{sampler.Passes} pass(es)");
        Assert.Equal(sampler.SamplesPerPass * sampler.Passes, order.Length);
        Assert.True(sampler.StepsPerEpoch >= 40, $"{sampler.StepsPerEpoch} steps");
        for (var pass = 0; pass < sampler.Passes; pass++)
        {
            var hidden = order.Where(s => s.User == 0 && s.Pass == pass).SelectMany(s => Split(sampler.Next([s]), 0).Hidden).Order();
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), hidden);
        }
    }

    [Fact]
    public void Next_InputDropout_DropsInputItemsButNeverAllAndNeverTargets()
    {
        var sampler = new MaskedSampler(Histories(), new PooledHistoryOptions { Folds = 2, InputDropout = 0.9, MinStepsPerEpoch = 1 }, 1, new Random(4));
        var kept = 0;
        for (var epoch = 0; epoch < 50; epoch++)
        {
            foreach (var sample in sampler.EpochOrder().Where(s => s.User == 0))
            {
                var (hidden, inputs) = Split(sampler.Next([sample]), 0);

                Assert.Equal(5, hidden.Count);
                Assert.InRange(inputs.Count, 1, 5);
                Assert.Empty(hidden.Intersect(inputs));
                kept += inputs.Count;
            }
        }

        // 100 samples of 5 input items at 10 % kept (at least one): well under the 500 without dropout.
        Assert.InRange(kept, 100, 200);
    }

    [Fact]
    public void Next_SameSeed_SameBatches()
    {
        var a = new MaskedSampler(Histories(), new PooledHistoryOptions { InputDropout = 0.5 }, 2, new Random(3));
        var b = new MaskedSampler(Histories(), new PooledHistoryOptions { InputDropout = 0.5 }, 2, new Random(3));

        var x = a.Next(a.EpochOrder().AsSpan(0, 2));
        var y = b.Next(b.EpochOrder().AsSpan(0, 2));

        Assert.Equal(x.Inputs, y.Inputs);
        Assert.Equal(x.InputWeights, y.InputWeights);
        Assert.Equal(x.Targets, y.Targets);
    }
}
