using System.Runtime.InteropServices;
using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>Creates <see cref="TensorProto"/>s from spans as little-endian <c>raw_data</c>.</summary>
internal static class TensorProtos
{
    /// <summary>Protobuf messages cannot exceed 2 GB; ONNX's way around it (external data) is not supported here.</summary>
    internal const long MaxRawBytes = int.MaxValue - (16 * 1024 * 1024);

    public static TensorProto Create(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> dims) =>
        Create(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values), sizeof(float), dims, values.Length);

    public static TensorProto Create(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> dims) =>
        Create(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values), sizeof(long), dims, values.Length);

    public static TensorProto Create(string name, ReadOnlySpan<int> values, ReadOnlySpan<long> dims) =>
        Create(name, OnnxElementType.Int32, MemoryMarshal.AsBytes(values), sizeof(int), dims, values.Length);

    public static TensorProto Create(string name, ReadOnlySpan<sbyte> values, ReadOnlySpan<long> dims) =>
        Create(name, OnnxElementType.Int8, MemoryMarshal.AsBytes(values), sizeof(sbyte), dims, values.Length);

    public static TensorProto Create(string name, ReadOnlySpan<byte> values, ReadOnlySpan<long> dims) =>
        Create(name, OnnxElementType.UInt8, values, sizeof(byte), dims, values.Length);

    /// <summary>The number of elements a shape holds (1 for a scalar), or -1 when a dimension is negative or the product overflows.</summary>
    public static long ElementCount(ReadOnlySpan<long> dims)
    {
        long count = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                return -1;
            }

            try
            {
                count = checked(count * dim);
            }
            catch (OverflowException)
            {
                return -1;
            }
        }

        return count;
    }

    private static TensorProto Create(
        string name, OnnxElementType type, ReadOnlySpan<byte> bytes, int elementSize, ReadOnlySpan<long> dims, int length)
    {
        var field = $"initializer '{name}'";
        var expected = ElementCount(dims);
        if (expected < 0)
        {
            NeuronException.ThrowInvalidArgument(field, "dims must be >= 0 and their product must fit in 64 bits");
        }

        if (expected != length)
        {
            NeuronException.ThrowInvalidArgument(
                field, $"dims [{string.Join(", ", dims.ToArray())}] hold {expected} elements but {length} values were given");
        }

        if (bytes.Length > MaxRawBytes)
        {
            NeuronException.ThrowInvalidArgument(field, $"{bytes.Length} bytes exceed the 2 GB protobuf limit of one ONNX file");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ToLittleEndian(bytes, elementSize) };
        foreach (var dim in dims)
        {
            tensor.Dims.Add(dim);
        }

        return tensor;
    }

    /// <summary>The one copy into protobuf's immutable buffer; on a big-endian host the bytes are swapped on the way.</summary>
    private static ByteString ToLittleEndian(ReadOnlySpan<byte> bytes, int elementSize)
    {
        if (BitConverter.IsLittleEndian || elementSize == 1)
        {
            return ByteString.CopyFrom(bytes);
        }

        var swapped = bytes.ToArray();
        for (var offset = 0; offset < swapped.Length; offset += elementSize)
        {
            swapped.AsSpan(offset, elementSize).Reverse();
        }

        return UnsafeByteOperations.UnsafeWrap(swapped);
    }
}
