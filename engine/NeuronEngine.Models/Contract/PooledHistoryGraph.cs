using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// Writes the serving graph of a history-pooling model in the contract's shape: gather the history items'
/// embeddings → weighted sum → divide by √(Σ|w|) → optional dense layers → score every item against the item table
/// (+ per-item bias) → add <c>exclude_bias</c> → top k (in two exact stages for large int8 catalogs).
/// </summary>
/// <remarks>
/// <para>The item table is stored once: the input side gathers from <see cref="ModelContract.ItemEmbeddings"/> unless
/// a separate input table is given, and the output side scores against it with <c>Gemm(transB)</c>.</para>
/// <para>The recipes, the tests and the benchmarks all write models through this one class.</para>
/// </remarks>
public static class PooledHistoryGraph
{
    /// <summary>A dense layer applied to the pooled user vector: <c>y = activation(x · Wᵀ + b)</c>, W is [out, in].</summary>
    public sealed record DenseLayer(float[] Weights, float[] Bias, int Inputs, int Outputs, bool Relu);

    /// <param name="itemEmbeddings">The output item table, items × dimensions, row-major.</param>
    /// <param name="items">Rows.</param>
    /// <param name="dimensions">Columns (the user vector's size after the dense layers).</param>
    /// <param name="itemBias">Optional per-item score bias (the popularity prior), one per item.</param>
    /// <param name="inputEmbeddings">Optional separate input table (items × input dimensions); null ties it to the output table.</param>
    /// <param name="inputDimensions">Columns of <paramref name="inputEmbeddings"/>.</param>
    /// <param name="layers">Dense layers from the pooled input vector to the user vector, in order.</param>
    /// <param name="scoring">How the user vector is scored against the item table (<see cref="ScoringPrecision"/>).</param>
    /// <param name="topKBlock">
    /// Items per block of the two-stage top k that int8 catalogs of at least 64 blocks use (<see cref="BlockTopK"/>);
    /// 0 keeps one top k over every item.
    /// </param>
    public static OnnxGraphBuilder Build(
        ReadOnlySpan<float> itemEmbeddings,
        int items,
        int dimensions,
        ReadOnlySpan<float> itemBias = default,
        ReadOnlySpan<float> inputEmbeddings = default,
        int inputDimensions = 0,
        IReadOnlyList<DenseLayer>? layers = null,
        ScoringPrecision scoring = ScoringPrecision.Float32,
        int topKBlock = DefaultTopKBlock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topKBlock);
        var (b, (history, weights, k, exclude)) = ContractGraph.Start("pooled_history", items);
        var table = b.AddInitializer(ModelContract.ItemEmbeddings, itemEmbeddings, [items, dimensions]);
        var inputTable = inputEmbeddings.IsEmpty ? table : b.AddInitializer("input_embeddings", inputEmbeddings, [items, inputDimensions]);

        // [batch, history, d] × [batch, history, 1] → Σ over history → [batch, d]
        var gathered = b.Gather(inputTable, history);
        var weighted = b.Mul(gathered, b.Unsqueeze(weights, [2]));
        var pooled = b.ReduceSum(weighted, [1], keepDims: false);
        var norm = b.Add(b.Sqrt(b.ReduceSum(b.Abs(weights), [1], keepDims: true)), b.AddInitializer("eps", [1e-6f], [1]));
        var user = b.Div(pooled, norm);
        for (var i = 0; i < (layers?.Count ?? 0); i++)
        {
            var layer = layers![i];
            var w = b.AddInitializer($"dense{i}_w", layer.Weights, [layer.Outputs, layer.Inputs]);
            var bias = b.AddInitializer($"dense{i}_b", layer.Bias, [layer.Outputs]);
            user = b.Gemm(user, w, bias, transB: true);
            if (layer.Relu)
            {
                user = b.Relu(user);
            }
        }

        // Scores [batch, width] with the exclude mask added; width pads the item count to whole blocks when the top k
        // runs in two stages (int8 catalogs of at least 64 blocks).
        var block = scoring == ScoringPrecision.Int8 && topKBlock > 0 && items >= 64L * topKBlock ? topKBlock : 0;
        string scores;
        var width = items;
        if (scoring == ScoringPrecision.Int8)
        {
            (scores, width) = ScoreInt8(b, user, itemEmbeddings, items, dimensions, itemBias, exclude, block);
        }
        else
        {
            var itemBiasName = itemBias.IsEmpty ? null : b.AddInitializer("item_bias", itemBias, [items]);
            scores = b.Add(b.Gemm(user, table, itemBiasName, transB: true), exclude);
        }

        if (block > 0)
        {
            BlockTopK(b, scores, k, items, width, block);
            ContractGraph.AddOutputs(b);
        }
        else
        {
            ContractGraph.TopK(b, scores, k);
        }

        return b;
    }

    /// <summary>
    /// Items per block of the two-stage top k (<see cref="BlockTopK"/>). On 100k items × 64 (k 60, one thread) 128 and
    /// 256 measured alike within noise and 512 slower at batch 16; with 128 the first top k runs over 782 block maxima,
    /// the second over k × 128 candidates.
    /// </summary>
    public const int DefaultTopKBlock = 128;

    /// <summary>
    /// Scores with an 8-bit product. Each user row is first divided by its own largest |element| and quantized with a
    /// fixed scale (1/127, zero point 128), so a row's quantization never depends on the other rows of its batch: a user
    /// gets the same list alone or batched. The int32 products are scaled back by the item's scale and the row's
    /// largest element, then the float bias and the exclude mask are added — summed once per batch first, so the
    /// [batch, items] scores take four passes after the product (cast, two scales, one add) instead of five.
    /// </summary>
    /// <remarks>
    /// With a <paramref name="block"/> size the catalog is padded to a whole number of blocks: zero columns in the 8-bit
    /// table, −∞ bias, a zero tail on the exclude mask, so padding never outscores an item.
    /// </remarks>
    /// <returns>The scores' name and their width (the padded item count).</returns>
    private static (string Scores, int Width) ScoreInt8(OnnxGraphBuilder b, string user, ReadOnlySpan<float> itemEmbeddings, int items, int dimensions, ReadOnlySpan<float> itemBias, string exclude, int block)
    {
        var width = block > 0 ? (items + block - 1) / block * block : items;
        var (transposed, scales) = ItemQuantizer.Quantize(itemEmbeddings, items, dimensions);
        if (width > items)
        {
            var wide = new sbyte[(long)dimensions * width];
            for (var d = 0; d < dimensions; d++)
            {
                transposed.AsSpan(d * items, items).CopyTo(wide.AsSpan(d * width));
            }

            transposed = wide;
        }

        var itemScales = new float[width];
        for (var i = 0; i < items; i++)
        {
            itemScales[i] = scales[i] / 127f;
        }

        var quantizedTable = b.AddInitializer("item_embeddings_int8", transposed, [dimensions, width]);
        var scaleInitializer = b.AddInitializer("item_scales", itemScales, [width]);
        var zeroPoint = b.AddInitializer("user_zero_point", new byte[] { 128 }, []);
        var rowMax = b.Max(b.ReduceMax(b.Abs(user), [1], keepDims: true), b.AddInitializer("scoring_eps", [1e-12f], [1]));
        var quantizedUser = b.QuantizeLinear(b.Div(user, rowMax), b.AddInitializer("user_scale", [1f / 127f], []), zeroPoint);
        var products = b.MatMulInteger(quantizedUser, quantizedTable, zeroPoint);
        var scores = b.Mul(b.Mul(b.Cast(products, OnnxElementType.Float), scaleInitializer), rowMax);

        var mask = width > items ? b.Concat([exclude, b.AddInitializer("exclude_padding", new float[width - items], [width - items])], 0) : exclude;
        if (itemBias.IsEmpty && width == items)
        {
            return (b.Add(scores, mask), width);
        }

        var bias = new float[width];
        itemBias.CopyTo(bias);
        bias.AsSpan(items).Fill(float.NegativeInfinity);
        return (b.Add(scores, b.Add(b.AddInitializer("item_bias", bias, [width]), mask)), width);
    }

    /// <summary>
    /// The exact top k of [batch, width] scores in two stages: the best <paramref name="block"/>-item blocks by their
    /// largest score, then the top k of those blocks' items. Every one of the k best items lies in a block whose maximum
    /// is at least the k-th best score, and at most k blocks reach it, so the k best blocks hold the k best items (up
    /// to ties); the second top k runs over k × block items instead of the whole catalog. Indices come back as item
    /// indices, in the contract's output; an index past the last item (padding, scored −∞, only reached when k exceeds the items left) is
    /// clamped to the last item, which the engine drops for its −∞ score like any excluded item.
    /// </summary>
    private static void BlockTopK(OnnxGraphBuilder b, string scores, string k, int items, int width, int block)
    {
        var blockCount = width / block;
        var blocks = b.Reshape(scores, [-1, blockCount, block]);
        var blockMax = b.ReduceMax(blocks, [2], keepDims: false);
        var blocksToKeep = b.Min(k, b.AddInitializer("topk_block_count", [(long)blockCount], [1]));
        var (_, bestBlocks) = b.TopK(blockMax, blocksToKeep, sorted: false);
        var candidates = b.Reshape(b.GatherND(blocks, b.Unsqueeze(bestBlocks, [2]), batchDims: 1), [0, -1]);
        var (_, positions) = b.TopK(candidates, k, values: ModelContract.TopScores);
        var blockSize = b.AddInitializer("topk_block_size", [(long)block], [1]);
        var blockOf = b.GatherElements(bestBlocks, b.Div(positions, blockSize), axis: 1);
        var index = b.Add(b.Mul(blockOf, blockSize), b.Mod(positions, blockSize));
        b.Min(index, b.AddInitializer("topk_last_item", [(long)items - 1], [1]), ModelContract.TopIndices);
    }
}
