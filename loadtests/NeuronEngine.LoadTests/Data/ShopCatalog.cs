namespace NeuronEngine.LoadTests.Data;

/// <summary>
/// The generated shop's catalog: departments → categories → items, a Zipf popularity over items (exponent
/// <see cref="PopularityExponent"/>, ranks shuffled against item ids), series (item n of a series is followed by item
/// n+1) and complements (each item has <see cref="ComplementsPerItem"/> items of a related category bought after it).
/// Built from the seed alone.
/// </summary>
internal sealed class ShopCatalog
{
    public const double PopularityExponent = 1.05;
    public const int ComplementsPerItem = 2;

    private readonly double[] cumulative;
    private readonly int[][] categoryItems;
    private readonly double[][] categoryCumulative;

    public ShopCatalog(int items, int seed)
    {
        var random = new Random(seed);
        Items = items;
        Departments = Math.Clamp(items / 3_000, 5, 30);
        Categories = Math.Clamp(items / 40, Departments * 2, 5_000);

        // Popularity: rank r weighs 1/(r+1)^s; ranks are shuffled so item ids say nothing about popularity.
        var rank = Enumerable.Range(0, items).ToArray();
        random.Shuffle(rank);
        Popularity = new double[items];
        cumulative = new double[items];
        var sum = 0.0;
        for (var i = 0; i < items; i++)
        {
            Popularity[i] = Math.Pow(rank[i] + 1, -PopularityExponent);
            sum += Popularity[i];
            cumulative[i] = sum;
        }

        // Categories of uneven sizes (weight 1/(c+1)^0.6), each in department c mod D; every category gets an item.
        var categoryWeights = new double[Categories];
        for (var c = 0; c < Categories; c++)
        {
            categoryWeights[c] = Math.Pow(c + 1, -0.6) + (c == 0 ? 0 : categoryWeights[c - 1]);
        }

        CategoryOf = new int[items];
        var members = Enumerable.Range(0, Categories).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < items; i++)
        {
            CategoryOf[i] = i < Categories ? i : Pick(categoryWeights, random.NextDouble() * categoryWeights[^1]);
            members[CategoryOf[i]].Add(i);
        }

        categoryItems = new int[Categories][];
        categoryCumulative = new double[Categories][];
        CategoryPopularity = new double[Categories];
        for (var c = 0; c < Categories; c++)
        {
            categoryItems[c] = [.. members[c]];
            categoryCumulative[c] = new double[categoryItems[c].Length];
            var s = 0.0;
            for (var k = 0; k < categoryItems[c].Length; k++)
            {
                s += Popularity[categoryItems[c][k]];
                categoryCumulative[c][k] = s;
            }

            CategoryPopularity[c] = s;
        }

        // Series: about a third of each category's items, in runs of 3-8 (a shuffled order, so members differ in popularity).
        SeriesNext = new int[items];
        Array.Fill(SeriesNext, -1);
        foreach (var list in members)
        {
            var shuffled = list.ToArray();
            random.Shuffle(shuffled);
            var k = 0;
            while (k + 3 <= shuffled.Length && k < shuffled.Length / 3)
            {
                var length = Math.Min(random.Next(3, 9), shuffled.Length - k);
                for (var n = 0; n < length - 1; n++)
                {
                    SeriesNext[shuffled[k + n]] = shuffled[k + n + 1];
                }

                k += length;
            }
        }

        // Complements: each category has a related one (half the time in its own department); each item's complements
        // are drawn by popularity from it.
        ComplementCategory = new int[Categories];
        for (var c = 0; c < Categories; c++)
        {
            int other;
            do
            {
                other = random.NextDouble() < 0.5 ? Sibling(c, random) : random.Next(Categories);
            }
            while (other == c);
            ComplementCategory[c] = other;
        }

        Complements = new int[items * ComplementsPerItem];
        for (var i = 0; i < items; i++)
        {
            for (var k = 0; k < ComplementsPerItem; k++)
            {
                Complements[(i * ComplementsPerItem) + k] = PickInCategory(ComplementCategory[CategoryOf[i]], random);
            }
        }
    }

    public int Items { get; }

    public int Departments { get; }

    public int Categories { get; }

    /// <summary>Each item's popularity weight (unnormalised).</summary>
    public double[] Popularity { get; }

    public double[] CategoryPopularity { get; }

    public int[] CategoryOf { get; }

    /// <summary>The item after each item in its series, or -1.</summary>
    public int[] SeriesNext { get; }

    public int[] ComplementCategory { get; }

    /// <summary><see cref="ComplementsPerItem"/> complements per item, item-major.</summary>
    public int[] Complements { get; }

    public int DepartmentOf(int category) => category % Departments;

    /// <summary>An item by global popularity.</summary>
    public int PickGlobal(Random random) => Pick(cumulative, random.NextDouble() * cumulative[^1]);

    /// <summary>An item of <paramref name="category"/> by popularity.</summary>
    public int PickInCategory(int category, Random random)
    {
        var weights = categoryCumulative[category];
        return categoryItems[category][Pick(weights, random.NextDouble() * weights[^1])];
    }

    /// <summary>Another category of the same department (or the same one if it has no sibling).</summary>
    public int Sibling(int category, Random random)
    {
        var inDepartment = (Categories - DepartmentOf(category) + Departments - 1) / Departments;
        return DepartmentOf(category) + (Departments * random.Next(inDepartment));
    }

    private static int Pick(double[] cumulativeWeights, double u)
    {
        var index = Array.BinarySearch(cumulativeWeights, u);
        index = index < 0 ? ~index : index;
        return Math.Min(index, cumulativeWeights.Length - 1);
    }
}
