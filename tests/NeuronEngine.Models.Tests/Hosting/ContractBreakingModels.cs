using Google.Protobuf;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>
/// Planted artifacts whose model has the contract's signature but returns something else: the planted item table and
/// scoring, with the top-k step replaced.
/// </summary>
internal static class ContractBreakingModels
{
    public const int Items = 40;

    /// <summary>What the replaced top-k step sees: the scores [batch, items] (exclude_bias added), and the k and history inputs.</summary>
    public sealed record Parts(OnnxGraphBuilder Builder, string Scores, string K, string History);

    /// <summary>Writes a planted artifact to <paramref name="directory"/>, then its model with <paramref name="topK"/> as the last step.</summary>
    public static string Write(string directory, Func<Parts, (string Values, string Indices)> topK)
    {
        PlantedModels.Write(directory, Items);
        var modelPath = Path.Combine(directory, ModelContract.ModelFile);
        Assert.True(OnnxModelFile.Read(modelPath).TryGetInitializer(ModelContract.ItemEmbeddings, out var table));
        var b = new OnnxGraphBuilder();
        var history = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        var weights = b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        var k = b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        var exclude = b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, Items);
        var embeddings = b.AddInitializer(ModelContract.ItemEmbeddings, table.ToFloatArray(), [Items, table.Dims[1]]);
        var user = b.ReduceSum(b.Mul(b.Gather(embeddings, history), b.Unsqueeze(weights, [2])), [1], keepDims: false);
        var scores = b.Add(b.Gemm(user, embeddings, transB: true), exclude);
        var (values, indices) = topK(new Parts(b, scores, k, history));
        b.AddOutput(values, OnnxElementType.Float, "batch", "k");
        b.AddOutput(indices, OnnxElementType.Int64, "batch", "k");
        b.Save(modelPath);
        return directory;
    }

    /// <summary>TopK with a fixed k of 10, whatever the k input says.</summary>
    public static (string, string) IgnoresK(Parts p) =>
        p.Builder.TopK(p.Scores, p.Builder.AddInitializer("fixed_k", [10L], [1]), values: ModelContract.TopScores, indices: ModelContract.TopIndices);

    /// <summary>Every index moved past the vocabulary.</summary>
    public static (string, string) IndicesOutOfRange(Parts p)
    {
        var (values, indices) = p.Builder.TopK(p.Scores, p.K, values: ModelContract.TopScores);
        return (values, p.Builder.Add(indices, p.Builder.AddInitializer("shift", [(long)Items], [1]), ModelContract.TopIndices));
    }

    /// <summary>Scores negated after the top-k, so they rise.</summary>
    public static (string, string) ScoresAscending(Parts p)
    {
        var (values, indices) = p.Builder.TopK(p.Scores, p.K, indices: ModelContract.TopIndices);
        return (p.Builder.Mul(values, p.Builder.AddInitializer("minus", [-1f], [1]), ModelContract.TopScores), indices);
    }

    /// <summary>Indices shifted by the sum of the history's item indices: fine for a history of item 0 only.</summary>
    public static (string, string) IndicesShiftedByHistory(Parts p)
    {
        var (values, indices) = p.Builder.TopK(p.Scores, p.K, values: ModelContract.TopScores);
        return (values, p.Builder.Add(indices, p.Builder.ReduceSum(p.History, [1], keepDims: true), ModelContract.TopIndices));
    }

    /// <summary>k reduced by the sum of the history's item indices: fine for a history of item 0 only.</summary>
    public static (string, string) KShortenedByHistory(Parts p) =>
        p.Builder.TopK(
            p.Scores,
            p.Builder.Add(p.K, p.Builder.Mul(p.Builder.ReduceSum(p.History, [1], keepDims: false), p.Builder.AddInitializer("minus_one", [-1L], [1]))),
            values: ModelContract.TopScores,
            indices: ModelContract.TopIndices);

    /// <summary>Rewrites a model file's default-domain opset (the builder refuses to write one below 13).</summary>
    public static void SetOpset(string modelPath, long opset)
    {
        var input = new CodedInputStream(File.ReadAllBytes(modelPath));
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = WireFormat.GetTagFieldNumber(tag);
            output.WriteTag(tag);
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                output.WriteUInt64(input.ReadUInt64());
            }
            else if (field == 8)
            {
                // ModelProto.opset_import: an OperatorSetIdProto whose field 2 is the version (the domain "" is not written).
                input.ReadBytes();
                using var inner = new MemoryStream();
                var writer = new CodedOutputStream(inner);
                writer.WriteTag(2, WireFormat.WireType.Varint);
                writer.WriteInt64(opset);
                writer.Flush();
                output.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
            }
            else
            {
                output.WriteBytes(input.ReadBytes());
            }
        }

        output.Flush();
        File.WriteAllBytes(modelPath, buffer.ToArray());
    }
}
