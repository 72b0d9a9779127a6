using NeuronEngine.Trainer.Measurement;

namespace NeuronEngine.Trainer.Tests.Measurement;

public sealed class SyntheticDataTests
{
    [Fact]
    public void Generate_SameSeed_SameEventsAndDifferentSeedDiffers()
    {
        var options = new SyntheticDataOptions { Users = 50, Items = 40, Events = 1_000, Clusters = 4, Seed = 1 };

        var a = SyntheticData.Generate(options);
        var b = SyntheticData.Generate(options);
        options.Seed = 2;
        var c = SyntheticData.Generate(options);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Generate_RequestedShape_EventCountNearTheMeanAndTimesIncreasePerUser()
    {
        var events = SyntheticData.Generate(new SyntheticDataOptions { Users = 500, Items = 200, Events = 20_000, Clusters = 8 });

        Assert.InRange(events.Count, 16_000, 24_000);
        Assert.Equal(500, events.Select(e => e.UserId).Distinct().Count());
        Assert.All(events.GroupBy(e => e.UserId), g => Assert.Equal(g.Select(e => e.TimestampMicros).Order(), g.Select(e => e.TimestampMicros)));
        Assert.Equal(["click", "purchase", "view"], events.Select(e => e.Type).Distinct().Order());
    }

    [Fact]
    public void BuildDataset_Events_SplitWithoutOverlapAndWeightsFromTheTemplate()
    {
        var events = SyntheticData.Generate(new SyntheticDataOptions { Users = 100, Items = 60, Events = 3_000, Clusters = 3 });

        var dataset = SyntheticData.BuildDataset(events, SyntheticData.Template(), new SplitOptions());

        Assert.Equal(0, dataset.Report.Overlap);
        Assert.True(dataset.Eval.Count > 0);
        Assert.Equal([1f, 2f, 5f], dataset.Train.All.ToArray().Select(x => x.Weight).Distinct().Order());
    }
}
