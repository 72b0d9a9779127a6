using NeuronEngine.LoadTests.Data;

namespace NeuronEngine.LoadTests.Tests.Data;

public sealed class ShopGeneratorTests
{
    private static readonly ShopProfile Profile = new("test", 1_700, 400, 100);

    [Fact]
    public void Write_SameSeed_SameFile_OtherSeed_OtherFile()
    {
        Assert.Equal(Generate(42), Generate(42));
        Assert.NotEqual(Generate(42), Generate(43));
    }

    [Fact]
    public void Write_SmallShop_UsersHaveTwentyToSevenHundredEvents_MostNearTheLowEnd()
    {
        var table = Read(Generate(42));

        var perUser = Enumerable.Range(0, table.Count).GroupBy(table.UserOf).Select(g => g.Count()).OrderBy(n => n).ToList();
        Assert.Equal(Profile.Users, perUser.Count);
        Assert.All(perUser, n => Assert.InRange(n, ShopProfile.MinEvents, ShopProfile.MaxEvents));
        var median = perUser[perUser.Count / 2];
        Assert.True(median < perUser.Average() * 0.8, $"median {median}, mean {perUser.Average():F0}: not heavy-tailed");
        Assert.InRange(perUser.Average(), Profile.MeanEvents * 0.7, Profile.MeanEvents * 1.2);
        Assert.True(perUser[^1] > 4 * median, $"max {perUser[^1]}, median {median}");
        Assert.Equal(["view", "click", "add_to_cart", "purchase"], table.Types.Select(t => t.Type));
        Assert.Equal([1, 3, 10, 40], table.Types.Select(t => t.Weight));
    }

    [Fact]
    public void Write_SmallShop_LongTail_TopOnePercentOfItemsHoldsAFifthOfTheEvents()
    {
        var table = Read(Generate(42));

        var counts = Enumerable.Range(0, table.Count).GroupBy(table.ItemOf).Select(g => g.Count()).OrderByDescending(n => n).ToList();
        var top = counts.Take(Profile.Items / 100).Sum() / (double)table.Count;
        Assert.True(top > 0.2, $"top 1 % of items hold {top:P1}");
        Assert.True(counts.Count > Profile.Items * 0.8, $"only {counts.Count} items seen: no tail");
    }

    [Fact]
    public void Write_SmallShop_SeriesNeighboursAndComplementsCooccurFarAboveChance()
    {
        var generator = new ShopGenerator(Profile, 42);
        var table = Read(Generate(42));
        var users = Enumerable.Range(0, table.Count).GroupBy(table.UserOf)
            .Select(g => g.Select(r => int.Parse(table.Items[table.ItemOf(r)][1..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet())
            .ToList();
        var reach = new int[Profile.Items];
        foreach (var items in users)
        {
            foreach (var item in items)
            {
                reach[item]++;
            }
        }

        double Lift(IEnumerable<(int A, int B)> pairs)
        {
            double observed = 0, expected = 0;
            foreach (var (a, b) in pairs)
            {
                observed += users.Count(u => u.Contains(a) && u.Contains(b));
                expected += (double)reach[a] * reach[b] / users.Count;
            }

            return observed / expected;
        }

        var catalog = generator.Catalog;
        var series = Enumerable.Range(0, Profile.Items).Where(i => catalog.SeriesNext[i] >= 0).Select(i => (i, catalog.SeriesNext[i])).ToList();
        var complements = Enumerable.Range(0, Profile.Items).Select(i => (i, catalog.Complements[i * ShopCatalog.ComplementsPerItem])).ToList();
        var seriesLift = Lift(series);
        var complementLift = Lift(complements);
        Assert.True(series.Count > Profile.Items / 5, $"{series.Count} series links");
        Assert.True(seriesLift > 3, $"series neighbours co-occur {seriesLift:F1}× chance");
        Assert.True(complementLift > 1.5, $"complements co-occur {complementLift:F1}× chance");
    }

    private static string Generate(int seed)
    {
        using var writer = new StringWriter();
        new ShopGenerator(Profile, seed).Write(writer);
        return writer.ToString();
    }

    private static InteractionTable Read(string csv) => InteractionReader.Read(new StringReader(csv), "shop.csv").Table;
}
