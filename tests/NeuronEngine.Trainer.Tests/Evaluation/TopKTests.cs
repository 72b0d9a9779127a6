namespace NeuronEngine.Trainer.Tests.Evaluation;

public sealed class TopKTests
{
    [Fact]
    public void Select_SmallArray_BestFirst()
    {
        Span<int> top = stackalloc int[3];

        var n = TopK.Select([0.5f, 3f, -1f, 2f, 7f, 1f], top);

        Assert.Equal(3, n);
        Assert.Equal([4, 1, 3], top.ToArray());
    }

    [Fact]
    public void Select_Ties_LowerIndexFirst()
    {
        Span<int> top = stackalloc int[3];

        TopK.Select([1f, 2f, 2f, 2f, 2f, 0f], top);

        Assert.Equal([1, 2, 3], top.ToArray());
    }

    [Fact]
    public void Select_ExcludedAndNaN_NeverPickedAndCountShrinks()
    {
        var top = new int[5];

        var n = TopK.Select([float.NegativeInfinity, 1f, float.NaN, 3f, float.NegativeInfinity], top);

        Assert.Equal(2, n);
        Assert.Equal([3, 1], top[..n]);
    }

    [Fact]
    public void Select_EmptyDestination_ReturnsZero()
    {
        Assert.Equal(0, TopK.Select([1f, 2f], Span<int>.Empty));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(20, 1000)]
    [InlineData(50, 30)]
    public void Select_RandomScores_MatchesFullSort(int k, int n)
    {
        var random = new Random(k * 7919 + n);
        // Coarse values so ties are common.
        var scores = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 50)).ToArray();
        var expected = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
        var top = new int[k];

        var count = TopK.Select(scores, top);

        Assert.Equal(expected, top[..count]);
    }
}
