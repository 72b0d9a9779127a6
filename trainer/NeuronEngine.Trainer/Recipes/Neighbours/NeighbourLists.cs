using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>
/// A sparse item-item model: for every item, the <see cref="Width"/> items it adds score to and by how much, row-major
/// [items, width], with an optional per-item bias. A user's score for item j is Σ_h w_h · W[h, j] + bias_j over the
/// history h — the function <see cref="NeighbourGraph"/> serves inside ONNX Runtime, and the one <see cref="Score"/>
/// computes here for evaluation and the export check.
/// </summary>
/// <remarks>Padding entries point at the row's own item with weight 0, so every index is valid and adds nothing.</remarks>
internal sealed class NeighbourLists
{
    /// <param name="items">Rows (the catalog).</param>
    /// <param name="width">Entries per row, 1 or more.</param>
    /// <param name="neighbours">[items, width] target item indexes.</param>
    /// <param name="weights">[items, width] weights.</param>
    /// <param name="bias">Per-item bias, or empty.</param>
    public NeighbourLists(int items, int width, int[] neighbours, float[] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (neighbours.LongLength != (long)items * width || weights.LongLength != neighbours.LongLength || (bias.Length != 0 && bias.Length != items))
        {
            throw new ArgumentException("neighbour lists must be items × width and the bias empty or one per item");
        }

        Items = items;
        Width = width;
        Neighbours = neighbours;
        Weights = weights;
        Bias = bias;
    }

    /// <summary>Rows: the catalog.</summary>
    public int Items { get; }

    /// <summary>Entries per row (the manifest's dimensions for this kind of model).</summary>
    public int Width { get; }

    /// <summary>[items, width] target item indexes.</summary>
    public int[] Neighbours { get; }

    /// <summary>[items, width] weights.</summary>
    public float[] Weights { get; }

    /// <summary>Per-item bias (empty for none).</summary>
    public float[] Bias { get; }

    /// <summary>Non-padding entries, for logs and the manifest.</summary>
    public long NonZero
    {
        get
        {
            long n = 0;
            foreach (var w in Weights)
            {
                n += w != 0 ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>Scores a batch of histories in the contract's input shape, exactly as the served graph does (before the exclude mask).</summary>
    public void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores)
    {
        var width = batch == 0 ? 0 : items.Length / batch;
        for (var r = 0; r < batch; r++)
        {
            var row = scores.Slice(r * Items, Items);
            if (Bias.Length == 0)
            {
                row.Clear();
            }
            else
            {
                Bias.CopyTo(row);
            }

            for (var h = 0; h < width; h++)
            {
                var w = weights[(r * width) + h];
                if (w == 0)
                {
                    continue;
                }

                var start = (int)items[(r * width) + h] * Width;
                var targets = Neighbours.AsSpan(start, Width);
                var values = Weights.AsSpan(start, Width);
                for (var k = 0; k < targets.Length; k++)
                {
                    row[targets[k]] += w * values[k];
                }
            }
        }
    }

    /// <summary>The serving graph of these lists.</summary>
    public OnnxGraphBuilder Export() => NeighbourGraph.Build(Neighbours, Weights, Items, Width, Bias);

    /// <summary>A copy of the weights and bias (the indexes never change once built).</summary>
    public IReadOnlyList<float[]> SaveState() => [(float[])Weights.Clone(), (float[])Bias.Clone()];

    /// <summary>Puts back weights taken by <see cref="SaveState"/>.</summary>
    public void LoadState(IReadOnlyList<float[]> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state[0].CopyTo(Weights, 0);
        state[1].CopyTo(Bias, 0);
    }

    /// <summary>
    /// Builds lists by keeping, for each source row, the <paramref name="width"/> largest candidates offered by
    /// <paramref name="fillRow"/>: it writes a row's candidate (target, weight) pairs into the buffers it is given and
    /// returns how many. Rows are built in parallel; ties keep the smaller target index so the result is deterministic.
    /// </summary>
    public static NeighbourLists Build(int items, int width, Func<int, RowBuffers, int> fillRow, float[] bias, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fillRow);
        var neighbours = new int[(long)items * width];
        var weights = new float[(long)items * width];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken };
        Parallel.For(0, items, parallel, () => new RowBuffers(items), (source, _, buffers) =>
        {
            var count = fillRow(source, buffers);
            var row = neighbours.AsSpan(source * width, width);
            var rowWeights = weights.AsSpan(source * width, width);
            var kept = TopByWeight(buffers.Targets.AsSpan(0, count), buffers.Values.AsSpan(0, count), width, buffers);
            for (var k = 0; k < width; k++)
            {
                row[k] = k < kept ? buffers.KeptTargets[k] : source;
                rowWeights[k] = k < kept ? buffers.KeptValues[k] : 0f;
            }

            return buffers;
        }, static _ => { });
        return new NeighbourLists(items, width, neighbours, weights, bias);
    }

    private static int TopByWeight(Span<int> targets, Span<float> values, int width, RowBuffers buffers)
    {
        var n = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            if (values[i] > 0 && float.IsFinite(values[i]))
            {
                targets[n] = targets[i];
                values[n] = values[i];
                n++;
            }
        }

        targets = targets[..n];
        values = values[..n];
        if (n > width)
        {
            // Order by weight descending, then target ascending: a full sort of one row's candidates is cheap
            // next to collecting them, and gives the same lists on every run.
            var order = buffers.Order.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            var t = buffers.Targets;
            var v = buffers.Values;
            order.Sort((a, b) => v[a] != v[b] ? v[b].CompareTo(v[a]) : t[a].CompareTo(t[b]));
            for (var k = 0; k < width; k++)
            {
                buffers.KeptTargets[k] = t[order[k]];
                buffers.KeptValues[k] = v[order[k]];
            }

            return width;
        }

        for (var k = 0; k < n; k++)
        {
            buffers.KeptTargets[k] = targets[k];
            buffers.KeptValues[k] = values[k];
        }

        return n;
    }

    /// <summary>One thread's scratch space while rows are built: candidates of one row, and a dense accumulator.</summary>
    internal sealed class RowBuffers(int items)
    {
        /// <summary>Candidate targets of the row being built.</summary>
        public int[] Targets { get; } = new int[items];

        /// <summary>Candidate weights, parallel to <see cref="Targets"/>.</summary>
        public float[] Values { get; } = new float[items];

        /// <summary>A dense per-item accumulator, all zero between rows.</summary>
        public float[] Accumulator { get; } = new float[items];

        /// <summary>A dense per-item flag, all false between rows.</summary>
        public bool[] Touched { get; } = new bool[items];

        internal int[] Order { get; } = new int[items];

        internal int[] KeptTargets { get; } = new int[items];

        internal float[] KeptValues { get; } = new float[items];
    }
}
