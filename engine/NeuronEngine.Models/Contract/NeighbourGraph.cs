using NeuronEngine.Core;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// Writes the serving graph of a sparse item-item model (item-kNN, a sparse export of EASE) in the contract's shape:
/// <c>s_j = Σ_h w_h · W[h, j] + bias_j</c> over the history h with weights w, where W keeps the top K neighbours of
/// each item as <see cref="ModelContract.NeighbourItems"/> and <see cref="ModelContract.NeighbourWeights"/> [items, K].
/// </summary>
/// <remarks>
/// <para>Graph: gather the history items' neighbour rows ([batch, history, K] indices and weights) → multiply the weights
/// by the history weights → flatten both to [batch, history × K] → <c>ScatterElements(reduction="add")</c> along the
/// items into a [batch, items] start of <c>item_bias + exclude_bias</c> (broadcast to the batch with Shape/Concat/Expand)
/// → top k. Starting the scatter from the biases instead of zeros gives the same sums (up to float rounding) with two
/// fewer passes over [batch, items]. Entries that land on one item add up, so an item repeated in the history, or in a
/// row, counts each time.</para>
/// <para>Unlike <see cref="PooledHistoryGraph"/> the sum is not divided by √(Σ|w|): for one user that is one positive
/// factor on every score, which leaves the ranking as it is, so the graph stays minimal. Scores are therefore on the
/// scale of Σ|w|, and an item bias is added unscaled.</para>
/// <para>Indices are stored as int32 (<see cref="DefaultIndexType"/>): half the file of int64 (1M items × K 50: 200 MB
/// instead of 400 MB; at K 200 int64 would pass the 2 GB limit of one ONNX file), and ScatterElements takes int32
/// indices directly, so no Cast is needed. Serving measured alike: interleaved runs of both files on 2 threads, batch 1,
/// K 50, history 50, gave medians of 2.68 ms (int32) and 2.79 ms (int64) at 1M items, 170 and 177 µs at 100k
/// (<c>NeighbourGraphBenchmarks</c> compares them too).</para>
/// </remarks>
public static class NeighbourGraph
{
    /// <summary>The element type the neighbour indices are stored as.</summary>
    internal const OnnxElementType DefaultIndexType = OnnxElementType.Int32;

    /// <param name="neighbourItems">Row-major [items, neighbours]: row i lists the model item indices item i adds score to.</param>
    /// <param name="neighbourWeights">Row-major [items, neighbours]: how much each entry adds (× the history weight); 0 pads a row.</param>
    /// <param name="items">Rows: the catalog size.</param>
    /// <param name="neighbours">Columns (K).</param>
    /// <param name="itemBias">Optional per-item score bias (the popularity prior), one per item.</param>
    public static OnnxGraphBuilder Build(ReadOnlySpan<long> neighbourItems, ReadOnlySpan<float> neighbourWeights, int items, int neighbours, ReadOnlySpan<float> itemBias = default) =>
        Build(neighbourItems, neighbourWeights, items, neighbours, itemBias, DefaultIndexType);

    /// <summary>
    /// The same graph from int32 indices, the form it stores: no int64 copy of the table on the way (1M items × K 25:
    /// 200 MB less at export).
    /// </summary>
    public static OnnxGraphBuilder Build(ReadOnlySpan<int> neighbourItems, ReadOnlySpan<float> neighbourWeights, int items, int neighbours, ReadOnlySpan<float> itemBias = default)
    {
        ValidateShapes(neighbourItems.Length, neighbourWeights.Length, items, neighbours, itemBias);
        for (var i = 0; i < neighbourItems.Length; i++)
        {
            if ((uint)neighbourItems[i] >= (uint)items)
            {
                NeuronException.ThrowInvalidArgument(ModelContract.NeighbourItems, $"row {i / neighbours} entry {i % neighbours} is {neighbourItems[i]}, not a model item index (0-{items - 1})");
            }
        }

        var (b, inputs) = ContractGraph.Start("neighbour_graph", items);
        return Finish(b, inputs, b.AddInitializer(ModelContract.NeighbourItems, neighbourItems, [items, neighbours]), neighbourWeights, items, neighbours, itemBias);
    }

    /// <summary><see cref="Build(ReadOnlySpan{long}, ReadOnlySpan{float}, int, int, ReadOnlySpan{float})"/> with the indices stored as <paramref name="indexType"/> (int32 or int64; benchmarks compare them).</summary>
    internal static OnnxGraphBuilder Build(ReadOnlySpan<long> neighbourItems, ReadOnlySpan<float> neighbourWeights, int items, int neighbours, ReadOnlySpan<float> itemBias, OnnxElementType indexType)
    {
        Validate(neighbourItems, neighbourWeights, items, neighbours, itemBias);
        var (b, inputs) = ContractGraph.Start("neighbour_graph", items);
        var table = indexType switch
        {
            OnnxElementType.Int32 => b.AddInitializer(ModelContract.NeighbourItems, Narrow(neighbourItems), [items, neighbours]),
            OnnxElementType.Int64 => b.AddInitializer(ModelContract.NeighbourItems, neighbourItems, [items, neighbours]),
            _ => throw new ArgumentOutOfRangeException(nameof(indexType), indexType, "int32 or int64"),
        };
        return Finish(b, inputs, table, neighbourWeights, items, neighbours, itemBias);
    }

    /// <summary>The graph after the index table: weights, gathers, the scatter into the biases, the top k.</summary>
    private static OnnxGraphBuilder Finish(
        OnnxGraphBuilder b, ContractGraph.Inputs inputs, string table, ReadOnlySpan<float> neighbourWeights, int items, int neighbours, ReadOnlySpan<float> itemBias)
    {
        var (history, weights, k, exclude) = inputs;
        var weightTable = b.AddInitializer(ModelContract.NeighbourWeights, neighbourWeights, [items, neighbours]);

        // [batch, history, K] → [batch, history × K]: one target item and one contribution per entry.
        var targets = b.Reshape(b.Gather(table, history), [0, -1]);
        var contributions = b.Reshape(b.Mul(b.Gather(weightTable, history), b.Unsqueeze(weights, [2])), [0, -1]);

        var start = itemBias.IsEmpty ? exclude : b.Add(b.AddInitializer("item_bias", itemBias, [items]), exclude);
        var shape = b.Concat([b.Shape(history, 0, 1), b.AddInitializer("item_count", [(long)items], [1])], 0);
        var scores = b.ScatterElements(b.Expand(start, shape), targets, contributions, axis: 1, reduction: "add");
        ContractGraph.TopK(b, scores, k);
        return b;
    }

    private static void Validate(ReadOnlySpan<long> neighbourItems, ReadOnlySpan<float> neighbourWeights, int items, int neighbours, ReadOnlySpan<float> itemBias)
    {
        ValidateShapes(neighbourItems.Length, neighbourWeights.Length, items, neighbours, itemBias);
        for (var i = 0; i < neighbourItems.Length; i++)
        {
            if ((ulong)neighbourItems[i] >= (ulong)items)
            {
                NeuronException.ThrowInvalidArgument(ModelContract.NeighbourItems, $"row {i / neighbours} entry {i % neighbours} is {neighbourItems[i]}, not a model item index (0-{items - 1})");
            }
        }
    }

    private static void ValidateShapes(int indexCount, int weightCount, int items, int neighbours, ReadOnlySpan<float> itemBias)
    {
        if (items < 1 || neighbours < 1)
        {
            NeuronException.ThrowInvalidArgument("neighbours", $"items and neighbours must be at least 1 (got {items} × {neighbours})");
        }

        var size = (long)items * neighbours;
        if (indexCount != size || weightCount != size)
        {
            NeuronException.ThrowInvalidArgument("neighbours", $"{items} × {neighbours} tables need {size} entries, got {indexCount} indices and {weightCount} weights");
        }

        if (!itemBias.IsEmpty && itemBias.Length != items)
        {
            NeuronException.ThrowInvalidArgument(nameof(itemBias), $"needs one value per item ({items}), got {itemBias.Length}");
        }
    }

    private static int[] Narrow(ReadOnlySpan<long> indices)
    {
        var narrow = GC.AllocateUninitializedArray<int>(indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            narrow[i] = (int)indices[i];
        }

        return narrow;
    }
}
