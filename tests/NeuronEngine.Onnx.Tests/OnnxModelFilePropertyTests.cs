using CsCheck;
using NeuronEngine.Core;
using Xunit.Abstractions;

namespace NeuronEngine.Onnx.Tests;

/// <summary>
/// The ONNX reader on damaged models and random bytes: it parses (and every initializer decodes) or it refuses with
/// InvalidArgument; no protobuf, index or overflow exception escapes.
/// </summary>
public sealed class OnnxModelFilePropertyTests(ITestOutputHelper output)
{
    private const int Items = 12;
    private const int Dims = 3;

    private static readonly byte[] Valid = PooledHistoryModel.Build(
        [.. Enumerable.Range(0, Items * Dims).Select(i => i * 0.25f)], [.. Enumerable.Range(0, Items).Select(i => i * 0.5f)], Items, Dims).ToArray();

    [Fact]
    public void Parse_DamagedModelOrRandomBytes_ReadsOrRefusesWithInvalidArgument()
    {
        var inputs = Gen.Frequency((9, Properties.Mutations(Valid)), (1, Gen.Byte.Array[0, 400]));
        Properties.Run("onnx-model-file", inputs, ParseOrRefuse, 4000, output);
    }

    /// <summary>What the model loader does with a file: parse it, then decode each initializer it finds.</summary>
    internal static void ParseOrRefuse(byte[] bytes)
    {
        try
        {
            var model = OnnxModelFile.Parse(bytes);
            foreach (var name in model.InitializerNames)
            {
                if (!model.TryGetInitializer(name, out var tensor))
                {
                    continue;
                }

                _ = tensor.ElementType switch
                {
                    OnnxElementType.Float => tensor.ToFloatArray().Length,
                    OnnxElementType.Int64 => tensor.ToInt64Array().Length,
                    OnnxElementType.Int32 => tensor.ToInt32Array().Length,
                    _ => 0,
                };
            }
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument)
        {
        }
    }
}
