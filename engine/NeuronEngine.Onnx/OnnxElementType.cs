namespace NeuronEngine.Onnx;

/// <summary>
/// The element type of an ONNX tensor. Values are the ONNX <c>TensorProto.DataType</c> numbers, so a
/// file's <c>elem_type</c> converts directly; values not named here still round-trip as numbers.
/// </summary>
/// <remarks>The builder writes <see cref="Float"/>, <see cref="Int32"/> and <see cref="Int64"/>; the reader reports any.</remarks>
public enum OnnxElementType
{
    /// <summary>Not set in the file.</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer (ids, indices, shapes and axes in ONNX).</summary>
    Int64 = 7,

    /// <summary>UTF-8 string.</summary>
    String = 8,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,
}
