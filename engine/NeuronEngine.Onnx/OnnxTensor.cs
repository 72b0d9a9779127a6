using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>An initializer (weight tensor) read from a model file: its shape and, on request, its data.</summary>
/// <remarks>
/// The data stays in the parsed file's buffer until copied out with <see cref="CopyTo(Span{float})"/> or
/// <see cref="ToFloatArray"/>; both read <c>raw_data</c> (little-endian) or the typed <c>float_data</c> field,
/// whichever the writer used.
/// </remarks>
public sealed class OnnxTensor
{
    private readonly TensorProto proto;

    internal OnnxTensor(TensorProto proto)
    {
        this.proto = proto;
        Name = proto.Name;
        ElementType = (OnnxElementType)proto.DataType;
        Dims = [.. proto.Dims];
        ElementCount = TensorProtos.ElementCount(Dims.ToArray());
        var field = $"initializer '{Name}'";
        if (ElementCount < 0)
        {
            NeuronException.ThrowInvalidArgument(field, "has a negative or overflowing dimension");
        }

        var problem = CheckStoredData();
        if (problem is not null)
        {
            NeuronException.ThrowInvalidArgument(field, problem);
        }
    }

    /// <summary>The initializer's name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The shape; empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>The number of elements (the product of <see cref="Dims"/>).</summary>
    public long ElementCount { get; }

    /// <summary>Copies the float elements, row-major, into <paramref name="destination"/> (at least <see cref="ElementCount"/> long).</summary>
    public void CopyTo(Span<float> destination)
    {
        RequireType(OnnxElementType.Float);
        if (destination.Length < ElementCount)
        {
            NeuronException.ThrowInvalidArgument(nameof(destination), $"holds {destination.Length} floats, '{Name}' has {ElementCount}");
        }

        var target = destination[..(int)ElementCount];
        if (proto.RawData.Length > 0)
        {
            var raw = proto.RawData.Span;
            if (BitConverter.IsLittleEndian)
            {
                raw.CopyTo(MemoryMarshal.AsBytes(target));
                return;
            }

            for (var i = 0; i < target.Length; i++)
            {
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            }

            return;
        }

        for (var i = 0; i < target.Length; i++)
        {
            target[i] = proto.FloatData[i];
        }
    }

    /// <summary>The float elements, row-major, in a new array.</summary>
    public float[] ToFloatArray()
    {
        RequireType(OnnxElementType.Float);
        var result = GC.AllocateUninitializedArray<float>(checked((int)ElementCount));
        CopyTo(result);
        return result;
    }

    /// <summary>The 64-bit integer elements, row-major, in a new array.</summary>
    public long[] ToInt64Array()
    {
        RequireType(OnnxElementType.Int64);
        if (proto.RawData.Length == 0)
        {
            return [.. proto.Int64Data];
        }

        var raw = proto.RawData.Span;
        var result = new long[ElementCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * sizeof(long))..]);
        }

        return result;
    }

    /// <summary>The 32-bit integer elements, row-major, in a new array.</summary>
    public int[] ToInt32Array()
    {
        RequireType(OnnxElementType.Int32);
        if (proto.RawData.Length == 0)
        {
            return [.. proto.Int32Data];
        }

        var raw = proto.RawData.Span;
        var result = GC.AllocateUninitializedArray<int>(checked((int)ElementCount));
        if (BitConverter.IsLittleEndian)
        {
            raw.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
            return result;
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * sizeof(int))..]);
        }

        return result;
    }

    /// <summary>Why the stored data does not match the dims, or null when it does.</summary>
    private string? CheckStoredData()
    {
        var shape = $"dims [{string.Join(", ", Dims)}] hold {ElementCount} elements";
        if (ElementCount > int.MaxValue)
        {
            return $"{shape}, more than one ONNX file can store";
        }

        if (proto.RawData.Length > 0)
        {
            var size = ElementSize(ElementType);

            // Types whose size this reader does not know are taken at their word; their data is never decoded here.
            var expectedBytes = size == 0 ? proto.RawData.Length : ElementCount * size;
            return proto.RawData.Length == expectedBytes
                ? null
                : $"{shape} ({expectedBytes} bytes) but raw_data has {proto.RawData.Length} bytes";
        }

        var stored = ElementType switch
        {
            OnnxElementType.Float => proto.FloatData.Count,
            OnnxElementType.Int64 => proto.Int64Data.Count,
            OnnxElementType.Int32 => proto.Int32Data.Count,
            _ => ElementCount,
        };
        if (stored == ElementCount)
        {
            return null;
        }

        return stored == 0
            ? $"{shape} but the file stores none here (external data is not supported)"
            : $"{shape} but the file stores {stored}";
    }

    internal static int ElementSize(OnnxElementType type) => type switch
    {
        OnnxElementType.Float or OnnxElementType.Int32 => 4,
        OnnxElementType.Int64 or OnnxElementType.Double => 8,
        OnnxElementType.Float16 => 2,
        OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
        _ => 0,
    };

    private void RequireType(OnnxElementType expected)
    {
        if (ElementType != expected)
        {
            NeuronException.ThrowInvalidArgument($"initializer '{Name}'", $"is {ElementType}, not {expected}");
        }
    }
}
