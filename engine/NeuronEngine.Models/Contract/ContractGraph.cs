using System.Globalization;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// What every serving graph shares: the contract's inputs and metadata at the start, the top k and the contract's
/// outputs at the end. The graphs (<see cref="PooledHistoryGraph"/>, <see cref="NeighbourGraph"/>) differ only in how
/// they turn the history into [batch, items] scores.
/// </summary>
internal static class ContractGraph
{
    /// <summary>The names of the contract's inputs in a graph started by <see cref="Start"/>.</summary>
    public readonly record struct Inputs(string History, string Weights, string K, string Exclude);

    /// <summary>A new graph with the contract version in its metadata and the four contract inputs declared.</summary>
    public static (OnnxGraphBuilder Builder, Inputs Inputs) Start(string graphName, int items)
    {
        var b = new OnnxGraphBuilder(graphName);
        b.SetMetadata("neuron.contract_version", ModelContract.Version.ToString(CultureInfo.InvariantCulture));
        var history = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        var weights = b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        var k = b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        var exclude = b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, items);
        return (b, new Inputs(history, weights, k, exclude));
    }

    /// <summary>One top k over [batch, items] <paramref name="scores"/> (exclude mask already added), into the contract's outputs.</summary>
    public static void TopK(OnnxGraphBuilder b, string scores, string k)
    {
        b.TopK(scores, k, values: ModelContract.TopScores, indices: ModelContract.TopIndices);
        AddOutputs(b);
    }

    /// <summary>Declares the contract's outputs, once nodes named <see cref="ModelContract.TopScores"/> and <see cref="ModelContract.TopIndices"/> produce them.</summary>
    public static void AddOutputs(OnnxGraphBuilder b)
    {
        b.AddOutput(ModelContract.TopScores, OnnxElementType.Float, "batch", "k");
        b.AddOutput(ModelContract.TopIndices, OnnxElementType.Int64, "batch", "k");
    }
}
