using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>Declares a graph input and returns its name.</summary>
    /// <param name="name">The input name callers bind at run time.</param>
    /// <param name="type">The element type.</param>
    /// <param name="dims">One entry per dimension: a fixed size or a symbolic name such as <c>"batch"</c>.</param>
    public string AddInput(string name, OnnxElementType type, params ReadOnlySpan<OnnxDim> dims)
    {
        Define(name, "input");
        graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>
    /// Declares a graph output: a value produced by a node (checked when the model is written).
    /// </summary>
    /// <param name="name">The name of the value to expose.</param>
    /// <param name="type">The element type.</param>
    /// <param name="dims">One entry per dimension: a fixed size or a symbolic name such as <c>"batch"</c>.</param>
    public OnnxGraphBuilder AddOutput(string name, OnnxElementType type, params ReadOnlySpan<OnnxDim> dims)
    {
        RequireName(name, "output");
        if (graph.Output.Any(o => o.Name == name))
        {
            NeuronException.ThrowInvalidArgument("output", $"'{name}' is already a graph output");
        }

        graph.Output.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>Adds a float weight tensor, copied once into the model as little-endian <c>raw_data</c>, and returns its name.</summary>
    /// <param name="name">The initializer name nodes refer to.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <param name="dims">The shape; empty for a scalar. The product must equal <c>values.Length</c>.</param>
    public string AddInitializer(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> dims) =>
        AddInitializer(name, TensorProtos.Create(name, values, dims));

    /// <summary>Adds a 64-bit integer tensor (indices, shapes, axes) and returns its name.</summary>
    /// <inheritdoc cref="AddInitializer(string, ReadOnlySpan{float}, ReadOnlySpan{long})"/>
    public string AddInitializer(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> dims) =>
        AddInitializer(name, TensorProtos.Create(name, values, dims));

    /// <summary>Adds a 32-bit integer tensor and returns its name.</summary>
    /// <inheritdoc cref="AddInitializer(string, ReadOnlySpan{float}, ReadOnlySpan{long})"/>
    public string AddInitializer(string name, ReadOnlySpan<int> values, ReadOnlySpan<long> dims) =>
        AddInitializer(name, TensorProtos.Create(name, values, dims));

    /// <summary>Adds a signed 8-bit tensor (quantized weights) and returns its name.</summary>
    /// <inheritdoc cref="AddInitializer(string, ReadOnlySpan{float}, ReadOnlySpan{long})"/>
    public string AddInitializer(string name, ReadOnlySpan<sbyte> values, ReadOnlySpan<long> dims) =>
        AddInitializer(name, TensorProtos.Create(name, values, dims));

    /// <summary>Adds an unsigned 8-bit tensor (zero points of quantized values) and returns its name.</summary>
    /// <inheritdoc cref="AddInitializer(string, ReadOnlySpan{float}, ReadOnlySpan{long})"/>
    public string AddInitializer(string name, ReadOnlySpan<byte> values, ReadOnlySpan<long> dims) =>
        AddInitializer(name, TensorProtos.Create(name, values, dims));

    private string AddInitializer(string name, TensorProto tensor)
    {
        RequireName(name, "initializer");
        if (rawBytes + tensor.RawData.Length > TensorProtos.MaxRawBytes)
        {
            NeuronException.ThrowInvalidArgument($"initializer '{name}'", "the model's weights would exceed the 2 GB protobuf limit of one ONNX file");
        }

        Define(name, "initializer");
        rawBytes += tensor.RawData.Length;
        graph.Initializer.Add(tensor);
        return name;
    }

    private void Define(string name, string what)
    {
        RequireName(name, what);
        if (!defined.Add(name))
        {
            NeuronException.ThrowInvalidArgument(what, $"'{name}' is already defined in this graph");
        }
    }

    private static void RequireName(string name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            NeuronException.ThrowInvalidArgument(what, "a name must not be empty");
        }
    }

    /// <summary>A fresh value name that no input, initializer or node output uses yet.</summary>
    private string NewName(string hint)
    {
        string name;
        do
        {
            name = $"{hint}_{nextId++}";
        }
        while (defined.Contains(name));

        return name;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, ReadOnlySpan<OnnxDim> dims)
    {
        if (type == OnnxElementType.Undefined)
        {
            NeuronException.ThrowInvalidArgument(name, "element type must be set");
        }

        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim.Size is { } size)
            {
                d.DimValue = size;
            }
            else if (dim.Name is { } param)
            {
                d.DimParam = param;
            }

            shape.Dim.Add(d);
        }

        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
