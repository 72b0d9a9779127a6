using System.Text;
using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>
/// A node attribute for <see cref="OnnxGraphBuilder.AddNode"/>. Every factory sets the attribute's
/// <c>type</c> field, which ONNX Runtime requires ("Field 'type' of 'attr' is required but missing").
/// </summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    /// <summary>The attribute name, as the operator's schema spells it (<c>transB</c>, <c>axis</c>).</summary>
    public string Name => Proto.Name;

    internal AttributeProto Proto { get; }

    /// <summary>An INT attribute (also used for booleans such as <c>keepdims</c>: 0 or 1).</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(New(name, AttributeProto.Types.AttributeType.Int, a => a.I = value));

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(New(name, AttributeProto.Types.AttributeType.Float, a => a.F = value));

    /// <summary>A STRING attribute, stored as UTF-8 bytes.</summary>
    public static OnnxAttribute String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(New(name, AttributeProto.Types.AttributeType.String, a => a.S = ByteString.CopyFrom(value, Encoding.UTF8)));
    }

    /// <summary>An INTS attribute (a list of 64-bit integers).</summary>
    public static OnnxAttribute Ints(string name, params ReadOnlySpan<long> values)
    {
        var proto = New(name, AttributeProto.Types.AttributeType.Ints, static _ => { });
        foreach (var value in values)
        {
            proto.Ints.Add(value);
        }

        return new(proto);
    }

    /// <summary>A FLOATS attribute (a list of floats).</summary>
    public static OnnxAttribute Floats(string name, params ReadOnlySpan<float> values)
    {
        var proto = New(name, AttributeProto.Types.AttributeType.Floats, static _ => { });
        foreach (var value in values)
        {
            proto.Floats.Add(value);
        }

        return new(proto);
    }

    /// <summary>A TENSOR attribute holding floats of the given shape (empty <paramref name="dims"/> for a scalar).</summary>
    public static OnnxAttribute Tensor(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> dims)
    {
        var tensor = TensorProtos.Create(name, values, dims);
        return new(New(name, AttributeProto.Types.AttributeType.Tensor, a => a.T = tensor));
    }

    /// <summary>A TENSOR attribute holding 64-bit integers of the given shape (empty <paramref name="dims"/> for a scalar).</summary>
    public static OnnxAttribute Tensor(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> dims)
    {
        var tensor = TensorProtos.Create(name, values, dims);
        return new(New(name, AttributeProto.Types.AttributeType.Tensor, a => a.T = tensor));
    }

    private static AttributeProto New(string name, AttributeProto.Types.AttributeType type, Action<AttributeProto> set)
    {
        if (string.IsNullOrEmpty(name))
        {
            NeuronException.ThrowInvalidArgument("attribute.name", "must not be empty");
        }

        var proto = new AttributeProto { Name = name, Type = type };
        set(proto);
        return proto;
    }
}
