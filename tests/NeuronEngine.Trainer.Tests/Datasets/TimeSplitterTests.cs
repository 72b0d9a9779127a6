using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Tests.Datasets;

public sealed class TimeSplitterTests
{
    private static (List<Interaction> All, IdVocabulary Items) User(int user, int count)
    {
        var items = new IdVocabulary();
        var all = Enumerable.Range(0, count).Select(i => new Interaction(user, items.Intern($"i{i:D2}"), 1, 100 + i)).ToList();
        return (all, items);
    }

    [Theory]
    [InlineData(4, 0)] // below the minimum: all train
    [InlineData(5, 1)]
    [InlineData(9, 1)] // ⌊0.2 · 9⌋ = 1
    [InlineData(10, 2)]
    [InlineData(29, 5)]
    public void Split_UserSizes_HoldsOutFloorOfFractionAtLeastOne(int count, int expectedHeld)
    {
        var (all, items) = User(0, count);

        var (train, eval) = TimeSplitter.Split(all, items, new SplitOptions { Protocol = SplitOptions.LatestProtocol, EvalFraction = 0.2, MinUserInteractions = 5 });

        Assert.Equal(expectedHeld, eval.Count);
        Assert.Equal(count - expectedHeld, train.Count);
        // The held-out ones are the latest.
        Assert.All(eval, e => Assert.All(train, t => Assert.True(e.TimestampMicros > t.TimestampMicros)));
    }

    [Fact]
    public void Split_HighFraction_KeepsOneForTraining()
    {
        var (all, items) = User(0, 3);

        var (train, eval) = TimeSplitter.Split(all, items, new SplitOptions { Protocol = SplitOptions.LatestProtocol, EvalFraction = 0.99, MinUserInteractions = 2 });

        Assert.Equal((1, 2), (train.Count, eval.Count));
    }

    [Fact]
    public void Split_EqualTimestamps_TieBrokenByItemIdWhateverTheInputOrder()
    {
        var items = new IdVocabulary();
        var b = items.Intern("b");
        var a = items.Intern("a");
        var c = items.Intern("c");
        var all = new List<Interaction> { new(0, b, 1, 7), new(0, a, 1, 7), new(0, c, 1, 7) };

        var (_, eval) = TimeSplitter.Split(all, items, new SplitOptions { Protocol = SplitOptions.LatestProtocol, EvalFraction = 0.34, MinUserInteractions = 2 });
        var (_, reversed) = TimeSplitter.Split([.. Enumerable.Reverse(all)], items, new SplitOptions { Protocol = SplitOptions.LatestProtocol, EvalFraction = 0.34, MinUserInteractions = 2 });

        Assert.Equal(a, Assert.Single(eval).Item);
        Assert.Equal(a, Assert.Single(reversed).Item);
    }

    [Fact]
    public void Split_RandomProtocol_SeededShareIndependentOfInputOrderAndTime()
    {
        var users = new IdVocabulary();
        var items = new IdVocabulary();
        var all = new List<Interaction>();
        for (var u = 0; u < 40; u++)
        {
            var user = users.Intern($"u{u}");
            all.AddRange(Enumerable.Range(0, 20).Select(i => new Interaction(user, items.Intern($"i{i:D2}"), 1, 100 + i)));
        }

        var options = new SplitOptions { EvalFraction = 0.25, MinUserInteractions = 5, Seed = 3 };

        var (train, eval) = TimeSplitter.Split(all, items, options, users);
        var (_, reversed) = TimeSplitter.Split([.. Enumerable.Reverse(all).OrderBy(x => x.User)], items, options, users);
        var (_, reseeded) = TimeSplitter.Split(all, items, options.WithSeed(4), users);

        Assert.Equal(SplitOptions.RandomProtocol, options.Protocol);
        Assert.Equal(40 * 5, eval.Count);
        Assert.Equal(40 * 15, train.Count);
        Assert.Equal(eval.Select(x => (x.User, x.Item)).Order(), reversed.Select(x => (x.User, x.Item)).Order());
        Assert.NotEqual(eval.Select(x => (x.User, x.Item)).Order(), reseeded.Select(x => (x.User, x.Item)).Order());

        // Not the latest: a random share reaches into every part of the users' pasts.
        Assert.Contains(eval, x => x.TimestampMicros < 110);
        Assert.NotEqual(40, eval.GroupBy(x => x.User).Count(g => g.All(x => x.TimestampMicros >= 115)));
    }

    [Fact]
    public void Split_BadOptions_InvalidArgumentListingBoth()
    {
        var (all, items) = User(0, 5);

        var ex = Assert.Throws<NeuronException>(() => TimeSplitter.Split(all, items, new SplitOptions { Protocol = SplitOptions.LatestProtocol, EvalFraction = 1, MinUserInteractions = 1 }));

        Assert.Contains("EvalFraction", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinUserInteractions", ex.Message, StringComparison.Ordinal);
    }
}
