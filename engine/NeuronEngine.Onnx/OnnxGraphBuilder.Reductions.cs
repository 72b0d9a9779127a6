namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>The first opset in which ReduceMean and ReduceL2 take their axes as an input rather than an attribute.</summary>
    private const long AxesInputOpsetForAllReductions = 18;

    /// <summary>Sums <paramref name="x"/> over <paramref name="axes"/>.</summary>
    /// <param name="x">The tensor to reduce.</param>
    /// <param name="axes">The axes to reduce; negative counts from the end.</param>
    /// <param name="keepDims">Keep reduced axes as size 1 (true) or drop them (false).</param>
    /// <param name="output">The output name, or null to generate one.</param>
    /// <remarks>From opset 13 the axes are an int64 input; as an attribute ONNX Runtime refuses them ("Unrecognized attribute: axes").</remarks>
    /// <returns>The output's name.</returns>
    public string ReduceSum(string x, ReadOnlySpan<long> axes, bool keepDims = true, string? output = null)
    {
        output = OutputName(output, "ReduceSum");
        return Op("ReduceSum", [x, Int64Constant(output, "axes", axes)], output, KeepDims(keepDims));
    }

    /// <summary>Averages <paramref name="x"/> over <paramref name="axes"/>.</summary>
    /// <inheritdoc cref="ReduceSum"/>
    /// <remarks>The axes are an attribute before opset 18 and an int64 input from 18; the builder writes the form its opset needs.</remarks>
    public string ReduceMean(string x, ReadOnlySpan<long> axes, bool keepDims = true, string? output = null) =>
        Reduce("ReduceMean", x, axes, keepDims, output);

    /// <summary>The largest element of <paramref name="x"/> over <paramref name="axes"/>.</summary>
    /// <inheritdoc cref="ReduceMean"/>
    public string ReduceMax(string x, ReadOnlySpan<long> axes, bool keepDims = true, string? output = null) =>
        Reduce("ReduceMax", x, axes, keepDims, output);

    /// <summary>The L2 norm of <paramref name="x"/> over <paramref name="axes"/>: <c>sqrt(sum(x²))</c>.</summary>
    /// <inheritdoc cref="ReduceMean"/>
    public string ReduceL2(string x, ReadOnlySpan<long> axes, bool keepDims = true, string? output = null) =>
        Reduce("ReduceL2", x, axes, keepDims, output);

    /// <summary>Divides <paramref name="x"/> by its Lp norm along <paramref name="axis"/> (p = 1 or 2).</summary>
    /// <inheritdoc cref="Add"/>
    public string LpNormalization(string x, long axis = -1, long p = 2, string? output = null) =>
        Op("LpNormalization", [x], output, OnnxAttribute.Int("axis", axis), OnnxAttribute.Int("p", p));

    private string Reduce(string opType, string x, ReadOnlySpan<long> axes, bool keepDims, string? output)
    {
        output = OutputName(output, opType);
        if (OpsetVersion >= AxesInputOpsetForAllReductions)
        {
            return Op(opType, [x, Int64Constant(output, "axes", axes)], output, KeepDims(keepDims));
        }

        return Op(opType, [x], output, OnnxAttribute.Ints("axes", axes), KeepDims(keepDims));
    }

    private static OnnxAttribute KeepDims(bool keepDims) => OnnxAttribute.Int("keepdims", keepDims ? 1 : 0);
}
