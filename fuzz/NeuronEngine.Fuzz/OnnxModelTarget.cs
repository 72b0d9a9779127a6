using NeuronEngine.Core;
using NeuronEngine.Onnx;

namespace NeuronEngine.Fuzz;

/// <summary>
/// The ONNX reader as the model loader uses it: parse, then decode every initializer. Documented outcome besides a
/// model: <see cref="ErrorKind.InvalidArgument"/>.
/// </summary>
internal sealed class OnnxModelTarget : FuzzTarget
{
    public override string Name => "onnx";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var model = OnnxModelFile.Parse(input);
            foreach (var name in model.InitializerNames)
            {
                if (model.TryGetInitializer(name, out var tensor))
                {
                    _ = tensor.ElementType switch
                    {
                        OnnxElementType.Float => tensor.ToFloatArray().Length,
                        OnnxElementType.Int64 => tensor.ToInt64Array().Length,
                        OnnxElementType.Int32 => tensor.ToInt32Array().Length,
                        _ => 0,
                    };
                }
            }
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument)
        {
        }
    }

    public override IReadOnlyList<byte[]> Seeds(Random random)
    {
        var seeds = new List<byte[]>();
        foreach (var (items, dims) in new[] { (4, 2), (16, 3), (40, 8) })
        {
            // A scoring graph shaped like the contract's: history rows gathered, pooled, scored against the table, top k.
            var builder = new OnnxGraphBuilder("fuzz_seed");
            builder.AddInput("history_items", OnnxElementType.Int64, "batch", "history");
            builder.AddInput("k", OnnxElementType.Int64, 1);
            builder.AddInitializer("item_embeddings", [.. Enumerable.Range(0, items * dims).Select(_ => random.NextSingle())], [items, dims]);
            builder.AddInitializer("item_bias", [.. Enumerable.Range(0, items).Select(_ => random.NextSingle())], [items]);
            var rows = builder.Gather("item_embeddings", "history_items");
            var pooled = builder.ReduceSum(rows, [1], keepDims: false);
            var scores = builder.Gemm(pooled, "item_embeddings", "item_bias", transB: true);
            builder.TopK(scores, "k", values: "top_scores", indices: "top_indices");
            builder.AddOutput("top_scores", OnnxElementType.Float, "batch", "k");
            builder.AddOutput("top_indices", OnnxElementType.Int64, "batch", "k");
            seeds.Add(builder.ToArray());
        }

        return seeds;
    }
}
