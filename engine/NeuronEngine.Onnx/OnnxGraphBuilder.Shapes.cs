namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// Takes slices of <paramref name="data"/> along <paramref name="axis"/> at <paramref name="indices"/>:
    /// rows of an embedding table for a batch of ids. A negative index counts from the end (−1 is the last
    /// row), which serves as padding when its weight is zero.
    /// </summary>
    /// <remarks>Output shape: <c>data.shape[:axis] + indices.shape + data.shape[axis+1:]</c>.</remarks>
    /// <inheritdoc cref="Add"/>
    public string Gather(string data, string indices, long axis = 0, string? output = null) =>
        Op("Gather", [data, indices], output, OnnxAttribute.Int("axis", axis));

    /// <summary>
    /// Picks one element of <paramref name="data"/> per element of <paramref name="indices"/> (same rank): the index
    /// replaces the coordinate along <paramref name="axis"/>, the other coordinates are the index's own.
    /// </summary>
    /// <remarks>Output shape: <c>indices.shape</c>.</remarks>
    /// <inheritdoc cref="Add"/>
    public string GatherElements(string data, string indices, long axis = 0, string? output = null) =>
        Op("GatherElements", [data, indices], output, OnnxAttribute.Int("axis", axis));

    /// <summary>
    /// Takes slices of <paramref name="data"/> addressed by the last dimension of <paramref name="indices"/>, per
    /// batch entry when <paramref name="batchDims"/> leading dimensions are shared: with data [B, n, c], indices
    /// [B, k, 1] and one batch dimension, row b of the output holds data[b]'s k slices [k, c].
    /// </summary>
    /// <inheritdoc cref="Add"/>
    public string GatherND(string data, string indices, long batchDims = 0, string? output = null) =>
        Op("GatherND", [data, indices], output, OnnxAttribute.Int("batch_dims", batchDims));

    /// <summary>Inserts size-1 dimensions at <paramref name="axes"/> (positions in the output; negative counts from the end).</summary>
    /// <remarks>The axes are written as an int64 input, as opset 13 and later require.</remarks>
    /// <inheritdoc cref="Add"/>
    public string Unsqueeze(string x, ReadOnlySpan<long> axes, string? output = null)
    {
        output = OutputName(output, "Unsqueeze");
        return Op("Unsqueeze", [x, Int64Constant(output, "axes", axes)], output);
    }

    /// <summary>Removes the size-1 dimensions at <paramref name="axes"/>.</summary>
    /// <remarks>The axes are written as an int64 input, as opset 13 and later require.</remarks>
    /// <inheritdoc cref="Add"/>
    public string Squeeze(string x, ReadOnlySpan<long> axes, string? output = null)
    {
        output = OutputName(output, "Squeeze");
        return Op("Squeeze", [x, Int64Constant(output, "axes", axes)], output);
    }

    /// <summary>Reshapes <paramref name="x"/> to <paramref name="shape"/> (0 copies the input dimension, −1 is inferred).</summary>
    /// <inheritdoc cref="Add"/>
    public string Reshape(string x, ReadOnlySpan<long> shape, string? output = null)
    {
        output = OutputName(output, "Reshape");
        return Op("Reshape", [x, Int64Constant(output, "shape", shape)], output);
    }

    /// <summary>Joins <paramref name="inputs"/> along <paramref name="axis"/>.</summary>
    /// <inheritdoc cref="Add"/>
    public string Concat(ReadOnlySpan<string> inputs, long axis, string? output = null) =>
        Op("Concat", inputs, output, OnnxAttribute.Int("axis", axis));
}
