using NeuronEngine.LoadTests.Scenarios;

namespace NeuronEngine.LoadTests.Tests.Scenarios;

public sealed class ZipfTests
{
    [Fact]
    public void Next_ManyDraws_InRangeSkewedAndSeeded()
    {
        var random = new Random(7);
        var draws = Enumerable.Range(0, 100_000).Select(_ => Zipf.Next(random, 1000)).ToList();

        Assert.All(draws, d => Assert.InRange(d, 0, 999));
        // Rank 0 carries ln 2 / ln 1001 ≈ 10 % of the mass; the whole top half of the ranks only ≈ 10 % too.
        Assert.InRange(draws.Count(d => d == 0) / 100_000.0, 0.09, 0.11);
        Assert.InRange(draws.Count(d => d >= 500) / 100_000.0, 0.08, 0.12);
        var again = new Random(7);
        Assert.Equal(draws.Take(100), Enumerable.Range(0, 100).Select(_ => Zipf.Next(again, 1000)));
    }
}
