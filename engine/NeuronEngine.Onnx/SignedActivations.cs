using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>
/// Rewrites 8-bit products whose activations are quantized as uint8 with zero point 128 (what x86 CPUs multiply fastest:
/// uint8 × int8) to int8 with zero point 0 (what CUDA's <c>MatMulInteger</c> takes: it has only an int8 × int8 kernel,
/// so without this ONNX Runtime runs the product on the CPU, next to a device-resident graph).
/// </summary>
/// <remarks>
/// Exact, not approximate: <c>QuantizeLinear</c> to uint8 with zero point 128 gives <c>clamp(round(x / s) + 128, 0,
/// 255)</c> and the product subtracts 128 again, which is <c>clamp(round(x / s), −128, 127)</c> — what int8 with zero
/// point 0 gives directly. Same integers, same int32 products, same scores. Only a product whose activation is the
/// output of such a <c>QuantizeLinear</c>, used by nothing but 8-bit products with the same zero point, is rewritten.
/// </remarks>
public static class SignedActivations
{
    private const int UInt8 = (int)OnnxElementType.UInt8;
    private const int Int8 = (int)OnnxElementType.Int8;

    /// <summary>
    /// The model in <paramref name="path"/> with its uint8 activations made int8, as a serialized model; null when it
    /// has none to rewrite (a float model, or an 8-bit one written another way).
    /// </summary>
    /// <exception cref="NeuronException"><see cref="ErrorKind.InvalidArgument"/> when the file is not readable ONNX.</exception>
    public static byte[]? Rewrite(string path)
    {
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, $"not a readable ONNX file: {e.Message}", "model", e);
        }

        return Rewrite(model.Graph) ? model.ToByteArray() : null;
    }

    private static bool Rewrite(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var rewritten = new Dictionary<string, string>(StringComparer.Ordinal);
        var any = false;
        foreach (var quantize in graph.Node.Where(n => n.OpType == "QuantizeLinear" && IsDefault(n.Domain) && n.Input.Count == 3 && n.Output.Count == 1).ToList())
        {
            var zeroPoint = quantize.Input[2];
            var activation = quantize.Output[0];
            var consumers = graph.Node.Where(n => n.Input.Contains(activation)).ToList();
            if (!initializers.TryGetValue(zeroPoint, out var zero) || !IsUInt8Of128(zero) || consumers.Count == 0
                || !consumers.All(n => n.OpType == "MatMulInteger" && IsDefault(n.Domain) && n.Input.Count >= 3 && n.Input[0] == activation && n.Input[2] == zeroPoint))
            {
                continue;
            }

            if (!rewritten.TryGetValue(zeroPoint, out var signed))
            {
                signed = UniqueName(graph, zeroPoint + "_int8");
                var tensor = new TensorProto { Name = signed, DataType = Int8, RawData = ByteString.CopyFrom(0) };
                tensor.Dims.AddRange(zero.Dims);
                graph.Initializer.Add(tensor);
                rewritten[zeroPoint] = signed;
            }

            quantize.Input[2] = signed;
            foreach (var product in consumers)
            {
                product.Input[2] = signed;
            }

            foreach (var info in graph.ValueInfo.Where(v => v.Name == activation && v.Type?.TensorType is not null))
            {
                info.Type.TensorType.ElemType = Int8;
            }

            any = true;
        }

        return any;
    }

    private static bool IsDefault(string domain) => domain.Length == 0 || domain == "ai.onnx";

    private static bool IsUInt8Of128(TensorProto tensor) =>
        tensor.DataType == UInt8 && tensor.Dims.All(d => d == 1) && tensor.ExternalData.Count == 0
        && (tensor.RawData.Length == 1 ? tensor.RawData[0] == 128 : tensor.RawData.IsEmpty && tensor.Int32Data is [128]);

    private static string UniqueName(GraphProto graph, string name)
    {
        var taken = graph.Initializer.Select(t => t.Name).Concat(graph.Node.SelectMany(n => n.Output)).Concat(graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        var candidate = name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }
}
