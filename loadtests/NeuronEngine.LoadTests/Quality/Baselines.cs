namespace NeuronEngine.LoadTests.Quality;

/// <summary>
/// The in-process baselines on the split's training side, over the binary user-item train matrix: both score the whole
/// catalog, drop the user's training items and return the top <paramref name="count"/>.
/// </summary>
internal static class Baselines
{
    /// <summary>Train users per item (binary), and the items ordered by it (ties to the lower index).</summary>
    public static (int[] Popularity, int[] Order) Popularity(int[][] train, int items)
    {
        var popularity = new int[items];
        foreach (var user in train)
        {
            foreach (var item in user)
            {
                popularity[item]++;
            }
        }

        var order = Enumerable.Range(0, items).OrderByDescending(i => popularity[i]).ThenBy(i => i).ToArray();
        return (popularity, order);
    }

    /// <summary>The most popular items not in <paramref name="trainSorted"/>.</summary>
    public static List<int> TopPopular(int[] order, int[] trainSorted, int count, List<int>? into = null)
    {
        var result = into ?? [];
        foreach (var item in order)
        {
            if (result.Count >= count)
            {
                break;
            }

            if (Array.BinarySearch(trainSorted, item) < 0 && !result.Contains(item))
            {
                result.Add(item);
            }
        }

        return result;
    }
}

/// <summary>
/// Item co-occurrence with cosine normalisation: sim(h, j) = C[h, j] / (pop_h^0.5 · pop_j^0.5), C the number of train
/// users with both, pop the train users per item; a user's score for j is Σ_h∈train sim(h, j). Neighbours are kept
/// in full unless that exceeds <see cref="MaxNeighbourEntries"/>, then the top K per item (K in <see cref="KeptNeighbours"/>).
/// Items that score 0 follow by popularity.
/// </summary>
internal sealed class CooccurrenceBaseline
{
    /// <summary>Above this many pair updates (Σ users' items²) the baseline is skipped.</summary>
    public const long MaxPairUpdates = 3_000_000_000;

    public const long MaxNeighbourEntries = 60_000_000;

    private readonly int[][] neighbours;
    private readonly float[][] similarities;
    private readonly int[] popularityOrder;
    private readonly float[] scores;
    private readonly List<int> touched = [];

    private CooccurrenceBaseline(int[][] neighbours, float[][] similarities, int[] popularityOrder, int? kept)
    {
        this.neighbours = neighbours;
        this.similarities = similarities;
        this.popularityOrder = popularityOrder;
        scores = new float[neighbours.Length];
        KeptNeighbours = kept;
    }

    /// <summary>Null: all neighbours kept; else the top K per item.</summary>
    public int? KeptNeighbours { get; }

    /// <summary>The baseline, or null with the reason when the train matrix is too large for it.</summary>
    public static CooccurrenceBaseline? Fit(int[][] train, int items, int[] popularity, int[] popularityOrder, out string? skipped)
    {
        long pairUpdates = 0;
        foreach (var user in train)
        {
            pairUpdates += (long)user.Length * user.Length;
        }

        if (pairUpdates > MaxPairUpdates)
        {
            skipped = $"co-occurrence skipped: {pairUpdates:N0} pair updates (Σ users' train items²) exceed {MaxPairUpdates:N0}";
            return null;
        }

        skipped = null;
        var usersOf = new List<int>[items];
        for (var u = 0; u < train.Length; u++)
        {
            foreach (var item in train[u])
            {
                (usersOf[item] ??= []).Add(u);
            }
        }

        var limit = (int)Math.Max(50, MaxNeighbourEntries / Math.Max(1, items));
        var truncated = false;
        var counts = new int[items];
        var seen = new List<int>();
        var neighbours = new int[items][];
        var similarities = new float[items][];
        for (var h = 0; h < items; h++)
        {
            seen.Clear();
            foreach (var u in usersOf[h] ?? [])
            {
                foreach (var j in train[u])
                {
                    if (j != h && counts[j]++ == 0)
                    {
                        seen.Add(j);
                    }
                }
            }

            var ids = seen.ToArray();
            var sims = new float[ids.Length];
            for (var k = 0; k < ids.Length; k++)
            {
                sims[k] = (float)(counts[ids[k]] / Math.Sqrt((double)popularity[h] * popularity[ids[k]]));
                counts[ids[k]] = 0;
            }

            if (ids.Length > limit)
            {
                truncated = true;
                Array.Sort(sims, ids, Comparer<float>.Create((a, b) => b.CompareTo(a)));
                Array.Resize(ref ids, limit);
                Array.Resize(ref sims, limit);
            }

            neighbours[h] = ids;
            similarities[h] = sims;
        }

        return new CooccurrenceBaseline(neighbours, similarities, popularityOrder, truncated ? limit : null);
    }

    /// <summary>The user's top <paramref name="count"/> items, training items excluded. Not thread-safe (one score buffer).</summary>
    public List<int> Recommend(int[] trainSorted, int count)
    {
        touched.Clear();
        foreach (var h in trainSorted)
        {
            var ids = neighbours[h];
            var sims = similarities[h];
            for (var k = 0; k < ids.Length; k++)
            {
                if (scores[ids[k]] == 0)
                {
                    touched.Add(ids[k]);
                }

                scores[ids[k]] += sims[k];
            }
        }

        // The top count by score (ties to the lower index), kept sorted in a small array.
        var top = new List<int>(count + 1);
        foreach (var j in touched)
        {
            if (Array.BinarySearch(trainSorted, j) >= 0)
            {
                continue;
            }

            if (top.Count == count && !Better(j, top[^1]))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && Better(j, top[at - 1]))
            {
                at--;
            }

            top.Insert(at, j);
            if (top.Count > count)
            {
                top.RemoveAt(count);
            }
        }

        foreach (var j in touched)
        {
            scores[j] = 0;
        }

        return top.Count < count ? Baselines.TopPopular(popularityOrder, trainSorted, count, top) : top;
    }

    private bool Better(int a, int b) => scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
}
