using System.Diagnostics;

namespace NeuronEngine.LoadTests.Data;

/// <summary>
/// Writes a synthetic shop's interactions as CSV (<see cref="InteractionFile"/>), one user at a time, so memory is the
/// catalog only. Each user has a heavy-tailed event budget (20-700, most near 20), 1-4 tastes (categories) with
/// weights plus a slowly growing new taste in a sibling category (drift), and shops in sessions: each session visits a
/// few items, each visit a funnel view → click → add_to_cart → purchase with several events. An item is picked as
/// noise by global popularity (<see cref="NoiseShare"/>), as the follow-up of the last visit (the next item of its
/// series, a complement of a purchase), browsing in the same category, or by taste. Deterministic for a seed: the
/// catalog comes from the seed, each user from (seed, user).
/// </summary>
internal sealed class ShopGenerator
{
    public const double NoiseShare = 0.15;

    /// <summary>The first session of every user starts in the 180 days from here (fixed, so the file is reproducible).</summary>
    public static readonly DateTime Epoch = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly IReadOnlyList<EventTypeWeight> Types =
        [new("view", 1), new("click", 3), new("add_to_cart", 10), new("purchase", 40)];

    private const int View = 0;
    private const int Click = 1;
    private const int Cart = 2;
    private const int Purchase = 3;

    private readonly int users;
    private readonly int meanEvents;
    private readonly int seed;
    private double[]? categoryCumulative;

    public ShopGenerator(ShopProfile profile, int seed)
    {
        users = profile.Users;
        meanEvents = profile.MeanEvents;
        this.seed = seed;
        Catalog = new ShopCatalog(profile.Items, seed);
    }

    public ShopCatalog Catalog { get; }

    /// <summary>What a generation wrote.</summary>
    public sealed record Summary(long Events, int Users, int Items, long[] PerType, TimeSpan Elapsed);

    public Summary Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 20);
        return Write(writer);
    }

    public Summary Write(TextWriter writer)
    {
        var clock = Stopwatch.StartNew();
        writer.Write(InteractionFile.Header);
        writer.Write('\n');
        var line = new char[256];
        var perType = new long[Types.Count];
        long events = 0;
        for (var u = 0; u < users; u++)
        {
            var user = "u" + u.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (item, type, at) in User(u))
            {
                var length = 0;
                user.CopyTo(line);
                length += user.Length;
                line[length++] = ',';
                line[length++] = 'i';
                item.TryFormat(line.AsSpan(length), out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                length += written;
                line[length++] = ',';
                Types[type].Type.CopyTo(line.AsSpan(length));
                length += Types[type].Type.Length;
                line[length++] = ',';
                length += InteractionFile.FormatTail(line.AsSpan(length), Types[type].Weight, at);
                writer.Write(line, 0, length);
                perType[type]++;
                events++;
            }
        }

        writer.Flush();
        return new Summary(events, users, Catalog.Items, perType, clock.Elapsed);
    }

    /// <summary>One user's events in time order: (item index, type index, time).</summary>
    public IEnumerable<(int Item, int Type, DateTime At)> User(int u)
    {
        var random = new Random(Mix(seed, u));
        var budget = Budget(random);

        // Tastes: 1-4 categories (by category popularity) with exponential weights; a drift taste in a sibling category
        // of the first grows from 0 to 40 % of the choices over the user's life.
        var tasteCount = random.NextDouble() switch { < 0.35 => 1, < 0.7 => 2, < 0.9 => 3, _ => 4 };
        var tastes = new int[tasteCount];
        var weights = new double[tasteCount];
        for (var t = 0; t < tasteCount; t++)
        {
            tastes[t] = PickCategory(random);
            weights[t] = -Math.Log(1 - random.NextDouble()) + (t == 0 ? 0 : weights[t - 1]);
        }

        var drift = Catalog.Sibling(tastes[0], random);
        var at = Epoch.AddSeconds(random.Next(180 * 86_400));
        var emitted = 0;
        var followUp = -1;
        while (emitted < budget)
        {
            at = at.AddSeconds(3_600 + Math.Floor(-Math.Log(1 - random.NextDouble()) * 1.5 * 86_400));
            var progress = (double)emitted / budget;
            var visits = 1;
            while (visits < 6 && random.NextDouble() < 0.55)
            {
                visits++;
            }

            var current = -1;
            var carried = false;
            for (var v = 0; v < visits && emitted < budget; v++)
            {
                int item;
                var u01 = random.NextDouble();
                if (u01 < NoiseShare)
                {
                    item = Catalog.PickGlobal(random);
                }
                else if (v == 0 && followUp >= 0 && random.NextDouble() < 0.6)
                {
                    item = followUp;
                }
                else if (current >= 0 && Next(current, carried, random) is var next and >= 0 && random.NextDouble() < 0.6)
                {
                    item = next;
                }
                else if (current >= 0 && random.NextDouble() < 0.4)
                {
                    item = Catalog.PickInCategory(Catalog.CategoryOf[current], random);
                }
                else
                {
                    var category = random.NextDouble() < 0.4 * progress ? drift : tastes[Pick(weights, random)];
                    item = Catalog.PickInCategory(random.NextDouble() < 0.1 ? Catalog.Sibling(category, random) : category, random);
                }

                // The funnel: 1-3 views; a click (40 %, 1-2 events); add to cart (35 % of clicks); purchase (55 % of carts).
                var depth = random.NextDouble() < 0.4 ? (random.NextDouble() < 0.35 ? (random.NextDouble() < 0.55 ? Purchase : Cart) : Click) : View;
                var views = 1 + random.Next(3);
                var clicks = depth >= Click ? 1 + random.Next(2) : 0;
                var funnel = views + clicks + (depth >= Cart ? 1 : 0) + (depth == Purchase ? 1 : 0);
                for (var e = 0; e < funnel && emitted < budget; e++)
                {
                    var type = e < views ? View : e < views + clicks ? Click : e == views + clicks ? Cart : Purchase;
                    at = at.AddSeconds(5 + random.Next(90));
                    emitted++;
                    yield return (item, type, at);
                }

                carried = depth >= Cart;
                current = item;
                followUp = Next(item, depth == Purchase, random);
            }
        }
    }

    /// <summary>The follow-up of a visit: the next item of its series, else (after a cart or purchase) a complement; -1 if none.</summary>
    private int Next(int item, bool bought, Random random)
    {
        if (Catalog.SeriesNext[item] >= 0)
        {
            return Catalog.SeriesNext[item];
        }

        return bought ? Catalog.Complements[(item * ShopCatalog.ComplementsPerItem) + random.Next(ShopCatalog.ComplementsPerItem)] : -1;
    }

    /// <summary>20 + a log-normal excess (σ = 1.1) with the profile's mean, capped at 700: most users near 20, a long tail.</summary>
    private int Budget(Random random)
    {
        const double Sigma = 1.1;
        var mu = Math.Log(Math.Max(1, meanEvents - ShopProfile.MinEvents)) - (Sigma * Sigma / 2);
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Min(ShopProfile.MaxEvents, ShopProfile.MinEvents + Math.Floor(Math.Exp(mu + (Sigma * normal))));
    }

    private int PickCategory(Random random)
    {
        if (categoryCumulative is null)
        {
            var cumulative = new double[Catalog.Categories];
            var sum = 0.0;
            for (var c = 0; c < Catalog.Categories; c++)
            {
                sum += Catalog.CategoryPopularity[c];
                cumulative[c] = sum;
            }

            categoryCumulative = cumulative;
        }

        return Pick(categoryCumulative, random);
    }

    private static int Pick(double[] cumulativeWeights, Random random)
    {
        var u = random.NextDouble() * cumulativeWeights[^1];
        var index = Array.BinarySearch(cumulativeWeights, u);
        return Math.Min(index < 0 ? ~index : index, cumulativeWeights.Length - 1);
    }

    /// <summary>A per-user seed from (seed, user) with SplitMix64's finaliser: stable across processes, unlike HashCode.</summary>
    private static int Mix(int seed, int user)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)(uint)user + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
