namespace NeuronEngine.Onnx;

/// <summary>
/// What a file claims about one tensor before anything is decoded: an initializer's dims and where its data lives, or
/// a graph value's fixed dims. What a model checker judges before handing a file to ONNX Runtime.
/// </summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Kind"><c>initializer</c>, <c>input</c>, <c>output</c> or <c>value_info</c>.</param>
/// <param name="ElementType">The element type (as stored; may be a value this library does not name).</param>
/// <param name="FixedDims">The dimensions with a stated size, as written (negative ones included); symbolic ones are left out.</param>
/// <param name="ExternalData">For an initializer: true when its data lives in another file (ONNX external data).</param>
public sealed record OnnxDeclaredTensor(string Name, string Kind, OnnxElementType ElementType, IReadOnlyList<long> FixedDims, bool ExternalData)
{
    /// <summary>The product of <see cref="FixedDims"/> (1 for none), or -1 when one is negative or the product overflows 64 bits.</summary>
    public long ElementCount => TensorProtos.ElementCount([.. FixedDims]);

    /// <summary>Bytes per element for the types this library knows the size of; 0 for others.</summary>
    public int ElementSize => OnnxTensor.ElementSize(ElementType);
}
