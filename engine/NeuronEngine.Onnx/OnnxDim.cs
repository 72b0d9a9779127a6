using System.Globalization;

namespace NeuronEngine.Onnx;

/// <summary>
/// One dimension of a graph input or output: a fixed size, a symbolic name bound at run time
/// (<c>batch</c>, <c>history</c>, <c>k</c>), or unknown (a file that states neither).
/// </summary>
/// <remarks>
/// Converts implicitly from <see cref="int"/>, <see cref="long"/> and <see cref="string"/>, so shapes
/// read naturally: <c>builder.AddInput("history_items", OnnxElementType.Int64, "batch", "history")</c>.
/// </remarks>
public readonly record struct OnnxDim
{
    private OnnxDim(long? size, string? name)
    {
        Size = size;
        Name = name;
    }

    /// <summary>The fixed size, or null when the dimension is symbolic or unknown.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name (ONNX <c>dim_param</c>), or null when the dimension is fixed or unknown.</summary>
    public string? Name { get; }

    /// <summary>True when the dimension has a fixed size.</summary>
    public bool IsFixed => Size.HasValue;

    /// <summary>True when the dimension is a named symbol.</summary>
    public bool IsSymbolic => Name is not null;

    /// <summary>A dimension of fixed size (zero or more).</summary>
    public static OnnxDim Fixed(long size)
    {
        if (size < 0)
        {
            Core.NeuronException.ThrowInvalidArgument("dim", $"a fixed dimension must be >= 0, got {size}");
        }

        return new OnnxDim(size, null);
    }

    /// <summary>A dimension named by a symbol; every dimension with the same name has the same size at run time.</summary>
    public static OnnxDim Symbolic(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Core.NeuronException.ThrowInvalidArgument("dim", "a symbolic dimension needs a non-empty name");
        }

        return new OnnxDim(null, name);
    }

    /// <summary>A dimension the file does not describe.</summary>
    public static OnnxDim Unknown { get; }

    public static implicit operator OnnxDim(long size) => Fixed(size);

    public static implicit operator OnnxDim(int size) => Fixed(size);

    public static implicit operator OnnxDim(string name) => Symbolic(name);

    /// <summary>The size, the name, or <c>?</c>.</summary>
    public override string ToString() => Size?.ToString(CultureInfo.InvariantCulture) ?? Name ?? "?";
}
