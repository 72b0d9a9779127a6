namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>Matrix product with numpy semantics (batched over leading dimensions).</summary>
    /// <inheritdoc cref="Add"/>
    public string MatMul(string a, string b, string? output = null) => Op("MatMul", [a, b], output);

    /// <summary>
    /// Integer matrix product <c>(A − a_zero_point) · (B − b_zero_point)</c> with int32 results; A and B are 8-bit
    /// (ONNX Runtime's CPU kernels take uint8 A with int8 or uint8 B).
    /// </summary>
    /// <param name="a">The left 8-bit matrix.</param>
    /// <param name="b">The right 8-bit matrix.</param>
    /// <param name="aZeroPoint">A's zero point (a scalar of A's type), or null for 0.</param>
    /// <param name="bZeroPoint">B's zero point, or null for 0.</param>
    /// <param name="output">The output name, or null to generate one.</param>
    /// <returns>The output's name.</returns>
    public string MatMulInteger(string a, string b, string? aZeroPoint = null, string? bZeroPoint = null, string? output = null) =>
        (aZeroPoint, bZeroPoint) switch
        {
            (null, null) => Op("MatMulInteger", [a, b], output),
            (_, null) => Op("MatMulInteger", [a, b, aZeroPoint], output),
            _ => Op("MatMulInteger", [a, b, aZeroPoint ?? "", bZeroPoint], output),
        };

    /// <summary>
    /// Quantizes <paramref name="x"/> to 8 bits: <c>saturate(round(x / scale) + zero_point)</c>, the result's type
    /// being the zero point's.
    /// </summary>
    /// <param name="x">The float tensor.</param>
    /// <param name="scale">A float scalar (per-tensor quantization).</param>
    /// <param name="zeroPoint">An 8-bit scalar: its type is the output's.</param>
    /// <param name="output">The output name, or null to generate one.</param>
    /// <returns>The output's name.</returns>
    public string QuantizeLinear(string x, string scale, string zeroPoint, string? output = null) =>
        Op("QuantizeLinear", [x, scale, zeroPoint], output);

    /// <summary>
    /// <c>alpha · A' · B' + beta · C</c> for 2-D <paramref name="a"/> and <paramref name="b"/>, where a primed
    /// matrix is transposed when its flag is set and <paramref name="c"/> (optional) broadcasts to the result.
    /// </summary>
    /// <remarks>
    /// Scoring users against an item table of shape [items, dims] is <c>Gemm(user, table, transB: true)</c>:
    /// the same table <see cref="Gather"/> reads, so the file stores it once.
    /// </remarks>
    /// <inheritdoc cref="Add"/>
    public string Gemm(
        string a,
        string b,
        string? c = null,
        bool transA = false,
        bool transB = false,
        float alpha = 1f,
        float beta = 1f,
        string? output = null)
    {
        ReadOnlySpan<OnnxAttribute> attributes =
        [
            OnnxAttribute.Float("alpha", alpha),
            OnnxAttribute.Float("beta", beta),
            OnnxAttribute.Int("transA", transA ? 1 : 0),
            OnnxAttribute.Int("transB", transB ? 1 : 0),
        ];
        return c is null ? Op("Gemm", [a, b], output, attributes) : Op("Gemm", [a, b, c], output, attributes);
    }

    /// <summary>
    /// The <c>k</c> largest (or smallest) elements of <paramref name="x"/> along <paramref name="axis"/>,
    /// with their indices; ties go to the lower index.
    /// </summary>
    /// <param name="x">The scores.</param>
    /// <param name="k">An int64 tensor of shape [1] holding k (a graph input or an initializer). ONNX Runtime fails when k exceeds the axis length.</param>
    /// <param name="axis">The axis to select along; −1 is the last.</param>
    /// <param name="largest">Select the largest (true) or the smallest (false) elements.</param>
    /// <param name="sorted">Return the selection in order (true) or in an unspecified order (false).</param>
    /// <param name="values">The name for the selected values, or null to generate one.</param>
    /// <param name="indices">The name for their int64 indices, or null to generate one.</param>
    /// <returns>The names of the values and indices outputs.</returns>
    public (string Values, string Indices) TopK(
        string x,
        string k,
        long axis = -1,
        bool largest = true,
        bool sorted = true,
        string? values = null,
        string? indices = null)
    {
        values = OutputName(values, "TopK");
        indices ??= NewName($"{values}_indices");
        AddNode(
            "TopK",
            [x, k],
            [values, indices],
            OnnxAttribute.Int("axis", axis),
            OnnxAttribute.Int("largest", largest ? 1 : 0),
            OnnxAttribute.Int("sorted", sorted ? 1 : 0));
        return (values, indices);
    }
}
