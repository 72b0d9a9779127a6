namespace NeuronEngine.Onnx;

/// <summary>A graph input or output as a model file declares it.</summary>
/// <param name="Name">The value's name, used to bind it at run time.</param>
/// <param name="ElementType">The element type; <see cref="OnnxElementType.Undefined"/> when the value is not a tensor.</param>
/// <param name="Dims">One entry per dimension (fixed, symbolic or unknown); empty for a scalar or when <paramref name="HasShape"/> is false.</param>
/// <param name="HasShape">False when the file does not state the rank at all.</param>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Dims, bool HasShape)
{
    /// <summary>Renders as <c>name: Float[batch, 64]</c>.</summary>
    public override string ToString() =>
        HasShape ? $"{Name}: {ElementType}[{string.Join(", ", Dims)}]" : $"{Name}: {ElementType}[?]";
}
