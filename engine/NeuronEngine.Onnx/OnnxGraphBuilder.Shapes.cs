using NeuronEngine.Core;

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

    /// <summary>
    /// Writes <paramref name="updates"/> into a copy of <paramref name="data"/> at <paramref name="indices"/> (same shape as
    /// the updates, same rank as the data): the index replaces the coordinate along <paramref name="axis"/>, the other
    /// coordinates are the update's own. With <paramref name="reduction"/> <c>"add"</c> (or <c>"mul"</c>) updates that
    /// land on one element are combined with it instead of the last one winning; <c>"none"</c> writes.
    /// </summary>
    /// <remarks>
    /// Output shape: <c>data.shape</c>. Indices may be int32 or int64. The <c>reduction</c> attribute exists from opset 16
    /// (<c>"add"</c>, <c>"mul"</c>; <c>"max"</c>, <c>"min"</c> from 18); below 16 only <c>"none"</c> can be written.
    /// </remarks>
    /// <inheritdoc cref="Add"/>
    public string ScatterElements(string data, string indices, string updates, long axis = 0, string reduction = "none", string? output = null)
    {
        var minimum = reduction switch
        {
            "none" => 11L,
            "add" or "mul" => 16L,
            "max" or "min" => 18L,
            _ => -1L,
        };
        if (minimum < 0)
        {
            NeuronException.ThrowInvalidArgument(nameof(reduction), $"must be none, add, mul, max or min, got '{reduction}'");
        }

        if (OpsetVersion < minimum)
        {
            NeuronException.ThrowInvalidArgument(nameof(reduction), $"'{reduction}' needs opset {minimum} or later; this graph is opset {OpsetVersion}");
        }

        return reduction == "none"
            ? Op("ScatterElements", [data, indices, updates], output, OnnxAttribute.Int("axis", axis))
            : Op("ScatterElements", [data, indices, updates], output, OnnxAttribute.Int("axis", axis), OnnxAttribute.String("reduction", reduction));
    }

    /// <summary>
    /// The shape of <paramref name="x"/> as an int64 [n] tensor, dimensions <paramref name="start"/> to
    /// <paramref name="end"/> (exclusive; null = to the last): the way to read a dynamic size such as the batch.
    /// </summary>
    /// <remarks>The <c>start</c>/<c>end</c> attributes exist from opset 15; below it only the whole shape can be taken.</remarks>
    /// <inheritdoc cref="Add"/>
    public string Shape(string x, long start = 0, long? end = null, string? output = null)
    {
        if (start == 0 && end is null)
        {
            return Op("Shape", [x], output);
        }

        if (OpsetVersion < 15)
        {
            NeuronException.ThrowInvalidArgument(nameof(start), $"a part of the shape needs opset 15 or later; this graph is opset {OpsetVersion}");
        }

        return end is { } last
            ? Op("Shape", [x], output, OnnxAttribute.Int("start", start), OnnxAttribute.Int("end", last))
            : Op("Shape", [x], output, OnnxAttribute.Int("start", start));
    }

    /// <summary>
    /// Broadcasts <paramref name="x"/> to <paramref name="shape"/> (an int64 [n] value, e.g. built from <see cref="Shape"/>
    /// and <see cref="Concat"/>), numpy-style in both directions: a size-1 dimension of either side takes the other's size.
    /// </summary>
    /// <inheritdoc cref="Add"/>
    public string Expand(string x, string shape, string? output = null) => Op("Expand", [x, shape], output);

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
