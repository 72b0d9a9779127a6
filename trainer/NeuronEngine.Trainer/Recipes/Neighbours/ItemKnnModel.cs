using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>
/// The fitted <c>item-knn</c> model: for every item h, the items j most similar to it by an asymmetric cosine over the
/// binary user × item training matrix, sim(h, j) = c(h, j) / (n_h^α · n_j^(1−α) + shrink), where c counts the users
/// who have both (each user's share damped by the size of the user's history when asked) and n_i is c(i, i).
/// </summary>
/// <remarks>
/// Fitting never forms the item × item matrix: row h is accumulated in a dense per-thread buffer from the users of h
/// and their items, so time is Σ_u min(n_u, cap)² and memory is the interactions plus items × neighbours.
/// </remarks>
internal sealed class ItemKnnModel : NeighbourModel
{
    /// <summary>The tie-breaking popularity bias's scale: far below any similarity a shared user gives.</summary>
    private const float BiasScale = 1e-4f;

    private ItemKnnModel(NeighbourLists lists)
        : base(lists)
    {
    }

    /// <summary>Fits the neighbour lists on <paramref name="train"/>.</summary>
    public static ItemKnnModel Fit(InteractionSet train, ItemKnnOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var items = train.ItemCount;
        var (userOffsets, userItems, userWeight) = CappedHistories(train, options);

        // Item → users (CSR) over the capped histories, and each item's weighted count n_i.
        var itemOffsets = new int[items + 1];
        foreach (var i in userItems)
        {
            itemOffsets[i + 1]++;
        }

        for (var i = 0; i < items; i++)
        {
            itemOffsets[i + 1] += itemOffsets[i];
        }

        var itemUsers = new int[userItems.Length];
        var fill = (int[])itemOffsets.Clone();
        var count = new double[items];
        for (var u = 0; u < userOffsets.Length - 1; u++)
        {
            for (var x = userOffsets[u]; x < userOffsets[u + 1]; x++)
            {
                itemUsers[fill[userItems[x]]++] = u;
                count[userItems[x]] += userWeight[u];
            }
        }

        var alpha = options.Alpha;
        var shrink = options.Shrink;
        var sourceNorm = count.Select(n => Math.Pow(n, alpha)).ToArray();
        var targetNorm = count.Select(n => Math.Pow(n, 1 - alpha)).ToArray();
        var width = options.NeighboursFor(items);
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var lists = NeighbourLists.Build(items, width, (h, buffers) =>
        {
            var acc = buffers.Accumulator;
            var touched = buffers.Touched;
            var n = 0;
            for (var e = itemOffsets[h]; e < itemOffsets[h + 1]; e++)
            {
                var u = itemUsers[e];
                var w = userWeight[u];
                for (var x = userOffsets[u]; x < userOffsets[u + 1]; x++)
                {
                    var j = userItems[x];
                    if (j == h)
                    {
                        continue;
                    }

                    if (!touched[j])
                    {
                        touched[j] = true;
                        buffers.Targets[n++] = j;
                    }

                    acc[j] += w;
                }
            }

            for (var c = 0; c < n; c++)
            {
                var j = buffers.Targets[c];
                buffers.Values[c] = (float)(acc[j] / ((sourceNorm[h] * targetNorm[j]) + shrink));
                acc[j] = 0;
                touched[j] = false;
            }

            return n;
        }, PopularityBias(count), threads, cancellationToken);
        return new ItemKnnModel(lists);
    }

    /// <summary>
    /// Each user's most recent interactions, at most the cap, as user → items rows, with the user's weight in the counts.
    /// </summary>
    internal static (int[] Offsets, int[] Items, float[] UserWeight) CappedHistories(InteractionSet train, ItemKnnOptions options)
    {
        var offsets = new int[train.UserCount + 1];
        for (var u = 0; u < train.UserCount; u++)
        {
            offsets[u + 1] = offsets[u] + Math.Min(options.MaxUserHistory, train.ForUser(u).Length);
        }

        var items = new int[offsets[^1]];
        var weight = new float[train.UserCount];
        var scratch = new List<Interaction>();
        for (var u = 0; u < train.UserCount; u++)
        {
            var history = train.ForUser(u);
            var kept = offsets[u + 1] - offsets[u];
            weight[u] = options.DampHeavyUsers ? (float)(1 / Math.Log2(2 + kept)) : 1f;
            if (history.Length <= kept)
            {
                for (var x = 0; x < kept; x++)
                {
                    items[offsets[u] + x] = history[x].Item;
                }

                continue;
            }

            scratch.Clear();
            foreach (var x in history)
            {
                scratch.Add(x);
            }

            scratch.Sort(static (a, b) => a.TimestampMicros != b.TimestampMicros ? b.TimestampMicros.CompareTo(a.TimestampMicros) : a.Item.CompareTo(b.Item));
            for (var x = 0; x < kept; x++)
            {
                items[offsets[u] + x] = scratch[x].Item;
            }
        }

        return (offsets, items, weight);
    }

    /// <summary>A tiny log-popularity bias that only orders items no history item points at, or ties.</summary>
    private static float[] PopularityBias(double[] count)
    {
        var max = count.Length == 0 ? 0 : count.Max();
        var bias = new float[count.Length];
        if (max <= 0)
        {
            return bias;
        }

        var scale = Math.Log(1 + max);
        for (var i = 0; i < bias.Length; i++)
        {
            bias[i] = (float)(BiasScale * Math.Log(1 + count[i]) / scale);
        }

        return bias;
    }
}
