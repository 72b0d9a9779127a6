using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Measurement;

/// <summary>
/// Generates interaction data with real structure, for measurements and tests: items fall into taste clusters and
/// have Zipf popularity; each user holds one to three tastes and draws most events from them (the rest by global
/// popularity), with history lengths spread log-normally, increasing timestamps and three event types
/// (<c>view</c> 70 %, <c>click</c> 22 %, <c>purchase</c> 8 %).
/// </summary>
/// <remarks>A model that learns which items go together beats popularity by a wide margin on it; one that does not, cannot.</remarks>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Synthetic data must be reproducible from a seed.")]
internal static class SyntheticData
{
    /// <summary>The start of generated time: 2025-01-01T00:00:00Z in microseconds.</summary>
    public const long EpochMicros = 1_735_689_600_000_000;

    /// <summary>The template the generated event types fit: view 1, click 2, purchase 5, no thresholds.</summary>
    public static FrozenTemplate Template() => new(
        "synthetic", [new TemplateSignal("view", 1, 0), new TemplateSignal("click", 2, 0), new TemplateSignal("purchase", 5, 0)], 0);

    /// <summary>Generates the events, user by user.</summary>
    public static List<SyntheticEvent> Generate(SyntheticDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Items, options.Clusters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Users);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Clusters);
        var random = new Random(unchecked((int)options.Seed ^ (int)(options.Seed >> 32)));

        // Popularity rank → item id, shuffled so the id carries no signal, and items dealt round-robin into clusters.
        var itemOfRank = Enumerable.Range(0, options.Items).ToArray();
        random.Shuffle(itemOfRank);
        var popularity = new double[options.Items];
        var clusterItems = Enumerable.Range(0, options.Clusters).Select(_ => new List<int>()).ToArray();
        for (var rank = 0; rank < options.Items; rank++)
        {
            popularity[rank] = 1 / Math.Pow(rank + 1, options.ZipfExponent);
            clusterItems[rank % options.Clusters].Add(rank);
        }

        var global = Cumulative(Enumerable.Range(0, options.Items).ToList(), popularity);
        var perCluster = clusterItems.Select(c => Cumulative(c, popularity)).ToArray();
        var mean = Math.Max(1.0, (double)options.Events / options.Users);
        var events = new List<SyntheticEvent>(options.Events + options.Users);
        var tastes = new int[3];
        for (var u = 0; u < options.Users; u++)
        {
            var user = "u" + u.ToString(CultureInfo.InvariantCulture);
            var tasteCount = 1 + random.Next(3);
            for (var t = 0; t < tasteCount; t++)
            {
                tastes[t] = random.Next(options.Clusters);
            }

            // Log-normal with σ = 0.8 and the requested mean: many light users, a few heavy ones.
            var count = Math.Max(2, (int)Math.Round(mean * Math.Exp((0.8 * Normal(random)) - 0.32)));
            var time = EpochMicros + (long)(random.NextDouble() * 30 * 86_400e6);
            for (var e = 0; e < count; e++)
            {
                var (ranks, cumulative) = random.NextDouble() < options.Noise ? global : perCluster[tastes[random.Next(tasteCount)]];
                var rank = ranks[Pick(cumulative, random.NextDouble())];
                var p = random.NextDouble();
                var type = p < 0.70 ? "view" : p < 0.92 ? "click" : "purchase";
                time += 1_000_000 + (long)(random.NextDouble() * 3_600e6);
                events.Add(new SyntheticEvent(user, "i" + itemOfRank[rank].ToString(CultureInfo.InvariantCulture), type, time));
            }
        }

        return events;
    }

    /// <summary>Builds train and eval sets from generated events the way the event-log reader does (fold pairs, split by time, assemble).</summary>
    public static TrainEvalDataset BuildDataset(IReadOnlyList<SyntheticEvent> events, FrozenTemplate template, SplitOptions split)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(template);
        var users = new IdVocabulary();
        var items = new IdVocabulary();
        var pairs = new PairAccumulator();
        var counts = template.Signals.ToDictionary(s => s.Type, _ => 0L, StringComparer.Ordinal);
        foreach (var e in events)
        {
            var signal = template.Find(e.Type) ?? throw new ArgumentException($"type {e.Type} is not in the template", nameof(events));
            counts[e.Type]++;
            pairs.Add(users.Intern(e.UserId), items.Intern(e.ItemId), signal.Weight, e.TimestampMicros);
        }

        var (train, eval) = TimeSplitter.Split(pairs.ToList(), items, split, users);
        var provenance = new SplitReport
        {
            Source = "synthetic",
            TemplateId = template.TemplateId,
            Protocol = split.Protocol,
            EvalFraction = split.EvalFraction,
            MinUserInteractions = split.MinUserInteractions,
            SignalsUsed = [.. template.Signals.Select(s => new SignalStat(s.Type, s.Weight, s.Threshold, counts[s.Type]))],
            EventsRead = events.Count,
            EventsUsed = pairs.Events,
            DuplicatesMerged = pairs.Events - pairs.Count,
        };
        return DatasetAssembler.Assemble(users, items, train, eval, provenance);
    }

    private static (int[] Ranks, double[] Cumulative) Cumulative(List<int> ranks, double[] popularity)
    {
        var cumulative = new double[ranks.Count];
        double total = 0;
        for (var i = 0; i < ranks.Count; i++)
        {
            total += popularity[ranks[i]];
            cumulative[i] = total;
        }

        for (var i = 0; i < cumulative.Length; i++)
        {
            cumulative[i] /= total;
        }

        return ([.. ranks], cumulative);
    }

    private static int Pick(double[] cumulative, double u)
    {
        var i = Array.BinarySearch(cumulative, u);
        return Math.Min(i >= 0 ? i : ~i, cumulative.Length - 1);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
