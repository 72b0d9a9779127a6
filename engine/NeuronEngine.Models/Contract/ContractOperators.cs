using System.Collections.Frozen;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// The ONNX operators a served model may use, and the sizes a model file may declare: a model that steps outside them
/// is refused at registration, before ONNX Runtime ever loads it.
/// </summary>
/// <remarks>
/// The allowlist is the union of the operators of every graph the engine and the trainer write:
/// <see cref="PooledHistoryGraph"/> (pooled-history and popularity recipes, float and int8 scoring, dense layers,
/// two-stage top k) and <see cref="NeighbourGraph"/> (neighbours recipe), all in the default ONNX domain. When a graph
/// builder starts using a new operator, add it here (ContractOperatorsTests fails until then) and to the list in
/// docs/architecture.md ("Model contract"). Control flow (<c>Loop</c>, <c>If</c>, <c>Scan</c>), custom domains and
/// model-local functions are outside it on purpose: they are how a file would run unbounded work or native code the
/// contract never needs.
/// </remarks>
public static class ContractOperators
{
    /// <summary>Default-domain (<c>""</c> or <c>ai.onnx</c>) operator types, as ONNX spells them.</summary>
    public static FrozenSet<string> Allowed { get; } = new[]
    {
        // Pooling the history (PooledHistoryGraph): gather rows, weight, sum, normalise.
        "Gather", "Unsqueeze", "Mul", "ReduceSum", "Abs", "Sqrt", "Add", "Div",

        // Dense layers and float scoring.
        "Gemm", "Relu",

        // int8 scoring.
        "ReduceMax", "Max", "QuantizeLinear", "MatMulInteger", "Cast", "Concat",

        // Top k, one stage or by blocks.
        "TopK", "Reshape", "Min", "GatherND", "GatherElements", "Mod",

        // Neighbour scoring (NeighbourGraph).
        "Shape", "Expand", "ScatterElements",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The most elements one declared tensor (initializer, input, output or intermediate value) may hold: 2^28, 1 GiB
    /// of float32. One ONNX file cannot exceed 2 GB, so a larger fixed shape is a claim no real artifact makes — and
    /// what a hostile one makes to have ONNX Runtime allocate for it.
    /// </summary>
    public const long MaxTensorElements = 1L << 28;
}
