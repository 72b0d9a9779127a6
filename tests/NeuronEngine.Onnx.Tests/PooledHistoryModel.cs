namespace NeuronEngine.Onnx.Tests;

/// <summary>
/// The recipe's serving graph, small: pool the history's item rows by weight, normalise by
/// sqrt(Σ|w|) + eps, score every item against the same table (+ bias + per-request exclusion bias), keep the top k.
/// </summary>
internal static class PooledHistoryModel
{
    public const float Epsilon = 1e-6f;

    public static OnnxGraphBuilder Build(
        float[] table, float[] bias, int items, int dims, long opset = OnnxGraphBuilder.DefaultOpsetVersion, long irVersion = OnnxGraphBuilder.DefaultIrVersion)
    {
        var b = new OnnxGraphBuilder("pooled_history", opset, irVersion) { ProducerVersion = "test" };
        b.AddInput("history_items", OnnxElementType.Int64, "batch", "history");
        b.AddInput("history_weights", OnnxElementType.Float, "batch", "history");
        b.AddInput("k", OnnxElementType.Int64, 1);
        b.AddInput("exclude_bias", OnnxElementType.Float, items);
        b.AddInitializer("item_embeddings", table, [items, dims]);
        b.AddInitializer("item_bias", bias, [items]);
        b.AddInitializer("eps", [Epsilon], []);

        var rows = b.Gather("item_embeddings", "history_items");                 // [batch, history, dims]
        var weighted = b.Mul(rows, b.Unsqueeze("history_weights", [2]));         // [batch, history, dims]
        var pooled = b.ReduceSum(weighted, [1], keepDims: false);                 // [batch, dims]
        var mass = b.ReduceSum(b.Abs("history_weights"), [1], keepDims: true);    // [batch, 1]
        var user = b.Div(pooled, b.Add(b.Sqrt(mass), "eps"));
        var scores = b.Gemm(user, "item_embeddings", "item_bias", transB: true);  // [batch, items]
        var masked = b.Add(scores, "exclude_bias");
        b.TopK(masked, "k", values: "top_scores", indices: "top_indices");
        b.AddOutput("top_scores", OnnxElementType.Float, "batch", "k");
        b.AddOutput("top_indices", OnnxElementType.Int64, "batch", "k");
        b.SetMetadata("neuron.recipe", "pooled-history");
        return b;
    }

    /// <summary>The same computation in managed code: per row, the top-k item indices and their scores, and every item's score.</summary>
    public static (long[] Indices, float[] Scores, float[] All) Reference(
        float[] table, float[] bias, int items, int dims, long[] history, float[] weights, int batch, int length, float[] exclude, int k)
    {
        var indices = new List<long>();
        var scores = new List<float>();
        var everything = new List<float>();
        for (var row = 0; row < batch; row++)
        {
            var user = new double[dims];
            double mass = 0;
            for (var h = 0; h < length; h++)
            {
                var id = history[(row * length) + h];
                var item = id < 0 ? items + id : id;
                var w = weights[(row * length) + h];
                mass += Math.Abs(w);
                for (var d = 0; d < dims; d++)
                {
                    user[d] += w * table[(item * dims) + d];
                }
            }

            var norm = Math.Sqrt(mass) + Epsilon;
            var all = new float[items];
            for (var i = 0; i < items; i++)
            {
                double dot = 0;
                for (var d = 0; d < dims; d++)
                {
                    dot += user[d] / norm * table[(i * dims) + d];
                }

                all[i] = (float)(dot + bias[i] + exclude[i]);
            }

            everything.AddRange(all);
            var top = Tests.Reference.TopK(all, k);
            indices.AddRange(top);
            scores.AddRange(top.Select(i => all[i]));
        }

        return ([.. indices], [.. scores], [.. everything]);
    }
}
