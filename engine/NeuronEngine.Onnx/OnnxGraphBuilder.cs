using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>
/// Builds an ONNX model (one graph) and writes it as a <c>.onnx</c> file that ONNX Runtime loads.
/// TorchSharp has no ONNX exporter, so the trainer, the tests and the benchmarks write models with this.
/// </summary>
/// <remarks>
/// <para>How to use it:</para>
/// <code>
/// var b = new OnnxGraphBuilder("pooled_history");                  // opset 17, IR version 8
/// b.AddInput("history_items", OnnxElementType.Int64, "batch", "history");
/// b.AddInitializer("item_embeddings", table, [items, dims]);       // stored once, as raw_data
/// var rows = b.Gather("item_embeddings", "history_items");         // [batch, history, dims]
/// var user = b.ReduceSum(rows, [1], keepDims: false);              // [batch, dims]
/// var scores = b.Gemm(user, "item_embeddings", transB: true, output: "scores");
/// b.AddOutput("scores", OnnxElementType.Float, "batch", items);
/// b.SetMetadata("neuron.recipe", "pooled-history");
/// b.Save("model.onnx");
/// </code>
/// <para>
/// Values are referred to by name. Declare graph inputs and initializers first: a node may only read
/// values defined before it, which keeps the graph in the topological order ONNX requires. Convenience
/// methods (<see cref="Gather"/>, <see cref="Gemm"/>, <see cref="TopK"/>…) return the name of their
/// output, generated unless <c>output</c> is given; <see cref="AddNode"/> covers any other operator.
/// Operators whose signature changed between opsets (axes as an input of <c>ReduceSum</c> from 13, of
/// <c>ReduceMean</c>/<c>ReduceL2</c> from 18) are written for <see cref="OpsetVersion"/>.
/// </para>
/// <para>Not thread-safe: build a model on one thread.</para>
/// </remarks>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>The default ONNX opset: supported by ONNX Runtime 1.31 and by every op the recipes use.</summary>
    public const long DefaultOpsetVersion = 17;

    /// <summary>The default ONNX IR version, matching <see cref="DefaultOpsetVersion"/>.</summary>
    public const long DefaultIrVersion = 8;

    private readonly GraphProto graph;
    private readonly HashSet<string> defined = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> metadata = [];
    private long rawBytes;
    private int nextId;

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">The graph's name, as shown by tools such as Netron.</param>
    /// <param name="opsetVersion">The version of the default ONNX operator set (<c>""</c> domain).</param>
    /// <param name="irVersion">The ONNX IR version written in the file.</param>
    public OnnxGraphBuilder(string graphName = "graph", long opsetVersion = DefaultOpsetVersion, long irVersion = DefaultIrVersion)
    {
        if (opsetVersion < 13)
        {
            NeuronException.ThrowInvalidArgument(nameof(opsetVersion), $"must be >= 13 (axes-as-input reductions), got {opsetVersion}");
        }

        if (irVersion < 7)
        {
            NeuronException.ThrowInvalidArgument(nameof(irVersion), $"must be >= 7, got {irVersion}");
        }

        graph = new GraphProto { Name = graphName };
        OpsetVersion = opsetVersion;
        IrVersion = irVersion;
    }

    /// <summary>The version of the default ONNX operator set the graph is written for.</summary>
    public long OpsetVersion { get; }

    /// <summary>The ONNX IR version written in the file.</summary>
    public long IrVersion { get; }

    /// <summary>The tool that wrote the model (ONNX <c>producer_name</c>).</summary>
    public string ProducerName { get; set; } = "NeuronEngine";

    /// <summary>The version of that tool (ONNX <c>producer_version</c>).</summary>
    public string ProducerVersion { get; set; } = string.Empty;

    /// <summary>Free text describing the model (ONNX <c>doc_string</c>).</summary>
    public string DocString { get; set; } = string.Empty;

    /// <summary>Sets a metadata property (ONNX <c>metadata_props</c>), replacing an earlier value for the key.</summary>
    public OnnxGraphBuilder SetMetadata(string key, string value)
    {
        if (string.IsNullOrEmpty(key))
        {
            NeuronException.ThrowInvalidArgument("metadata.key", "must not be empty");
        }

        ArgumentNullException.ThrowIfNull(value);
        var index = metadata.FindIndex(p => p.Key == key);
        if (index >= 0)
        {
            metadata[index] = new(key, value);
        }
        else
        {
            metadata.Add(new(key, value));
        }

        return this;
    }

    /// <summary>True when <paramref name="name"/> is already a graph input, initializer or node output.</summary>
    public bool IsDefined(string name) => defined.Contains(name);
}
