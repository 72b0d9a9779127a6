using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

public sealed partial class OnnxModelFile
{
    /// <summary>
    /// Refuses what parses as protobuf but is not a model ONNX Runtime would load. Random bytes often parse
    /// as a message made of unknown fields, so these checks, not the parser, are what catch them.
    /// </summary>
    private static void Validate(ModelProto model)
    {
        var problems = new List<string>();
        if (model.IrVersion <= 0)
        {
            problems.Add("ir_version is missing");
        }

        if (!model.OpsetImport.Any(o => o.Domain.Length == 0 || o.Domain == "ai.onnx"))
        {
            problems.Add("opset_import has no default ONNX opset (\"Missing opset in the model\")");
        }

        if (model.Graph is null)
        {
            problems.Add("there is no graph");
        }
        else
        {
            if (model.Graph.Output.Count == 0)
            {
                problems.Add("the graph has no outputs");
            }

            if (model.Graph.Input.Concat(model.Graph.Output).Any(v => v.Name.Length == 0))
            {
                problems.Add("a graph input or output has no name");
            }
        }

        if (problems.Count > 0)
        {
            throw NeuronException.InvalidArgument("model", $"not a usable ONNX model: {string.Join("; ", problems)}");
        }
    }

    private static IEnumerable<OnnxDeclaredTensor> DeclaredTensorsOf(GraphProto graph)
    {
        foreach (var tensor in graph.Initializer)
        {
            // ONNX's enum: 1 is EXTERNAL. Location entries without it are still a reference to another file.
            var external = tensor.DataLocation == 1 || tensor.ExternalData.Count > 0;
            yield return new OnnxDeclaredTensor(tensor.Name, "initializer", (OnnxElementType)tensor.DataType, [.. tensor.Dims], external);
        }

        foreach (var (kind, values) in new[] { ("input", graph.Input), ("output", graph.Output), ("value_info", graph.ValueInfo) })
        {
            foreach (var value in values)
            {
                var tensor = value.Type?.TensorType;
                var dims = tensor?.Shape?.Dim.Where(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue).Select(d => d.DimValue) ?? [];
                yield return new OnnxDeclaredTensor(value.Name, kind, (OnnxElementType)(tensor?.ElemType ?? 0), [.. dims], ExternalData: false);
            }
        }
    }

    private static OnnxValueInfo ToValueInfo(ValueInfoProto value)
    {
        if (value.Type?.TensorType is not { } tensor)
        {
            return new OnnxValueInfo(value.Name, OnnxElementType.Undefined, [], HasShape: false);
        }

        if (tensor.Shape is null)
        {
            return new OnnxValueInfo(value.Name, (OnnxElementType)tensor.ElemType, [], HasShape: false);
        }

        var dims = tensor.Shape.Dim.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue when d.DimValue >= 0 => OnnxDim.Fixed(d.DimValue),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when !string.IsNullOrWhiteSpace(d.DimParam) => OnnxDim.Symbolic(d.DimParam),
            _ => OnnxDim.Unknown,
        });
        return new OnnxValueInfo(value.Name, (OnnxElementType)tensor.ElemType, [.. dims], HasShape: true);
    }
}
