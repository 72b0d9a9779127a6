using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>
/// The demo shop's catalog and shoppers: items in departments with Zipf popularity inside each, users with a favourite
/// department (some with a second one) and a heavy-tailed activity level. Same seed, same world.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Synthetic data must be reproducible from a seed.")]
internal sealed class DemoWorld
{
    private const double ZipfExponent = 1.1;

    private DemoWorld(int seed, DemoItem[] items, int[][] byCategory, double[][] popularity, int[] favourite, int[] second, double[] activity)
    {
        Seed = seed;
        Items = items;
        ByCategory = byCategory;
        Popularity = popularity;
        Favourite = favourite;
        Second = second;
        Activity = activity;
    }

    public int Seed { get; }

    public IReadOnlyList<DemoItem> Items { get; }

    /// <summary>Item indices of each department, most popular first.</summary>
    public int[][] ByCategory { get; }

    /// <summary>Cumulative Zipf weights of each department's items (same order as <see cref="ByCategory"/>).</summary>
    public double[][] Popularity { get; }

    /// <summary>Each user's favourite department.</summary>
    public int[] Favourite { get; }

    /// <summary>Each user's second department, or -1.</summary>
    public int[] Second { get; }

    /// <summary>Cumulative activity weights of the users (who shops how often).</summary>
    public double[] Activity { get; }

    public int Users => Favourite.Length;

    public static string UserId(int user) => "user-" + user.ToString("D5", CultureInfo.InvariantCulture);

    public static DemoWorld Create(int users, int items, int seed)
    {
        var random = new Random(seed);
        var categories = DemoCategories.All.Length;
        var catalog = new DemoItem[items];
        var byCategory = new List<int>[categories];
        for (var c = 0; c < categories; c++)
        {
            byCategory[c] = [];
        }

        for (var i = 0; i < items; i++)
        {
            var c = i % categories;
            var (name, slug, nouns) = DemoCategories.All[c];
            var number = byCategory[c].Count + 1;
            var title = $"{DemoCategories.Adjectives[random.Next(DemoCategories.Adjectives.Length)]} {nouns[random.Next(nouns.Length)]} {100 + random.Next(900)}";
            catalog[i] = new DemoItem(string.Create(CultureInfo.InvariantCulture, $"{slug}-{number:D4}"), title, c, name);
            byCategory[c].Add(i);
        }

        // Popularity ranks are a shuffle of each department, so item numbers do not give the ranking away.
        var ranked = byCategory.Select(list => list.OrderBy(_ => random.Next()).ToArray()).ToArray();
        var popularity = ranked.Select(list => Cumulative(list.Length, r => 1 / Math.Pow(r + 1, ZipfExponent))).ToArray();

        var favourite = new int[users];
        var second = new int[users];
        var activity = new double[users];
        for (var u = 0; u < users; u++)
        {
            favourite[u] = random.Next(categories);
            second[u] = random.NextDouble() < 0.4 ? (favourite[u] + 1 + random.Next(categories - 1)) % categories : -1;

            // Log-normal activity: most users shop a little, a few a lot.
            activity[u] = Math.Exp(0.8 * Gaussian(random));
        }

        return new DemoWorld(seed, catalog, ranked, popularity, favourite, second, Cumulative(users, u => activity[u]));
    }

    /// <summary>An item of department <paramref name="category"/>, drawn by popularity.</summary>
    public int DrawItem(Random random, int category) => ByCategory[category][Draw(random, Popularity[category])];

    /// <summary>A user, drawn by activity.</summary>
    public int DrawUser(Random random) => Draw(random, Activity);

    /// <summary>The department a user's next session is about: mostly the favourite, sometimes the second, now and then any.</summary>
    public int DrawCategory(Random random, int user)
    {
        var roll = random.NextDouble();
        return roll < 0.1 ? random.Next(DemoCategories.All.Length)
            : roll < 0.3 && Second[user] >= 0 ? Second[user]
            : Favourite[user];
    }

    private static int Draw(Random random, double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static double[] Cumulative(int count, Func<int, double> weight)
    {
        var result = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += weight(i);
            result[i] = sum;
        }

        return result;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
