namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary><c>a + b</c> with numpy-style broadcasting.</summary>
    /// <returns>The output's name: <paramref name="output"/>, or a generated one when null.</returns>
    public string Add(string a, string b, string? output = null) => Op("Add", [a, b], output);

    /// <summary><c>a - b</c> with numpy-style broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Sub(string a, string b, string? output = null) => Op("Sub", [a, b], output);

    /// <summary><c>a * b</c> with numpy-style broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Mul(string a, string b, string? output = null) => Op("Mul", [a, b], output);

    /// <summary><c>a / b</c> with numpy-style broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Div(string a, string b, string? output = null) => Op("Div", [a, b], output);

    /// <summary>Element-wise maximum of <paramref name="a"/> and <paramref name="b"/>, broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Max(string a, string b, string? output = null) => Op("Max", [a, b], output);

    /// <summary>Element-wise minimum of <paramref name="a"/> and <paramref name="b"/>, broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Min(string a, string b, string? output = null) => Op("Min", [a, b], output);

    /// <summary>Integer remainder <c>a mod b</c> (the sign of <paramref name="b"/>), broadcasting.</summary>
    /// <inheritdoc cref="Add"/>
    public string Mod(string a, string b, string? output = null) => Op("Mod", [a, b], output);

    /// <summary>Element-wise square root.</summary>
    /// <inheritdoc cref="Add"/>
    public string Sqrt(string x, string? output = null) => Op("Sqrt", [x], output);

    /// <summary>Element-wise absolute value.</summary>
    /// <inheritdoc cref="Add"/>
    public string Abs(string x, string? output = null) => Op("Abs", [x], output);

    /// <summary><c>max(x, 0)</c>.</summary>
    /// <inheritdoc cref="Add"/>
    public string Relu(string x, string? output = null) => Op("Relu", [x], output);

    /// <summary>Hyperbolic tangent.</summary>
    /// <inheritdoc cref="Add"/>
    public string Tanh(string x, string? output = null) => Op("Tanh", [x], output);

    /// <summary>Logistic sigmoid, <c>1 / (1 + e^-x)</c>.</summary>
    /// <inheritdoc cref="Add"/>
    public string Sigmoid(string x, string? output = null) => Op("Sigmoid", [x], output);

    /// <summary>A copy of <paramref name="x"/> under another name (to expose a value as a named output).</summary>
    /// <inheritdoc cref="Add"/>
    public string Identity(string x, string? output = null) => Op("Identity", [x], output);

    /// <summary>Limits <paramref name="x"/> to [<paramref name="min"/>, <paramref name="max"/>]; a null bound is left open.</summary>
    /// <remarks>The bounds are written as scalar float initializers, so <paramref name="x"/> must be float.</remarks>
    /// <inheritdoc cref="Add"/>
    public string Clip(string x, float? min, float? max, string? output = null)
    {
        output = OutputName(output, "Clip");
        var minName = min is { } lo ? AddInitializer(NewName($"{output}_min"), [lo], []) : string.Empty;
        if (max is { } hi)
        {
            return Op("Clip", [x, minName, AddInitializer(NewName($"{output}_max"), [hi], [])], output);
        }

        return minName.Length > 0 ? Op("Clip", [x, minName], output) : Op("Clip", [x], output);
    }

    /// <summary>Converts <paramref name="x"/> to <paramref name="to"/>.</summary>
    /// <inheritdoc cref="Add"/>
    public string Cast(string x, OnnxElementType to, string? output = null) =>
        Op("Cast", [x], output, OnnxAttribute.Int("to", (long)to));
}
