using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// Writes the serving graph of a history-pooling model in the contract's shape: gather the history items'
/// embeddings → weighted sum → divide by √(Σ|w|) → optional dense layers → score every item against the item table
/// (+ per-item bias) → add <c>exclude_bias</c> → top k.
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
    public static OnnxGraphBuilder Build(
        ReadOnlySpan<float> itemEmbeddings,
        int items,
        int dimensions,
        ReadOnlySpan<float> itemBias = default,
        ReadOnlySpan<float> inputEmbeddings = default,
        int inputDimensions = 0,
        IReadOnlyList<DenseLayer>? layers = null,
        ScoringPrecision scoring = ScoringPrecision.Float32)
    {
        var b = new OnnxGraphBuilder("pooled_history");
        b.SetMetadata("neuron.contract_version", ModelContract.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var history = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        var weights = b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        var k = b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        var exclude = b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, items);
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

        var itemBiasName = itemBias.IsEmpty ? null : b.AddInitializer("item_bias", itemBias, [items]);
        var scores = scoring == ScoringPrecision.Int8
            ? ScoreInt8(b, user, itemEmbeddings, items, dimensions, itemBiasName)
            : b.Gemm(user, table, itemBiasName, transB: true);
        var (values, indices) = b.TopK(b.Add(scores, exclude), k, values: ModelContract.TopScores, indices: ModelContract.TopIndices);
        b.AddOutput(values, OnnxElementType.Float, "batch", "k");
        b.AddOutput(indices, OnnxElementType.Int64, "batch", "k");
        return b;
    }

    /// <summary>
    /// Scores with an 8-bit product. Each user row is first divided by its own largest |element| and quantized with a
    /// fixed scale (1/127, zero point 128), so a row's quantization never depends on the other rows of its batch: a user
    /// gets the same list alone or batched. The int32 products are scaled back by the item's scale and the row's
    /// largest element, then the float bias is added.
    /// </summary>
    private static string ScoreInt8(OnnxGraphBuilder b, string user, ReadOnlySpan<float> itemEmbeddings, int items, int dimensions, string? bias)
    {
        var (transposed, scales) = ItemQuantizer.Quantize(itemEmbeddings, items, dimensions);
        var itemScales = new float[items];
        for (var i = 0; i < items; i++)
        {
            itemScales[i] = scales[i] / 127f;
        }

        var quantizedTable = b.AddInitializer("item_embeddings_int8", transposed, [dimensions, items]);
        var scaleInitializer = b.AddInitializer("item_scales", itemScales, [items]);
        var zeroPoint = b.AddInitializer("user_zero_point", new byte[] { 128 }, []);
        var rowMax = b.Max(b.ReduceMax(b.Abs(user), [1], keepDims: true), b.AddInitializer("scoring_eps", [1e-12f], [1]));
        var quantizedUser = b.QuantizeLinear(b.Div(user, rowMax), b.AddInitializer("user_scale", [1f / 127f], []), zeroPoint);
        var products = b.MatMulInteger(quantizedUser, quantizedTable, zeroPoint);
        var scores = b.Mul(b.Mul(b.Cast(products, OnnxElementType.Float), scaleInitializer), rowMax);
        return bias is null ? scores : b.Add(scores, bias);
    }
}
