using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Contract;

/// <summary>The rewrite that lets CUDA run the int8 graph's product (exactness is BoundInferenceTests' int8 case).</summary>
public sealed class SignedActivationsTests : IDisposable
{
    private readonly TempDirectory dir = new("signed");

    private string Save(ScoringPrecision scoring)
    {
        const int Items = 300, Dimensions = 8;
        var table = Enumerable.Range(0, Items * Dimensions).Select(i => MathF.Sin(i)).ToArray();
        var path = dir.Combine($"{scoring}.onnx");
        PooledHistoryGraph.Build(table, Items, Dimensions, scoring: scoring).Save(path);
        return path;
    }

    [Fact]
    public void Rewrite_Int8Graph_ActivationsAndProductZeroPointBecomeInt8()
    {
        var bytes = SignedActivations.Rewrite(Save(ScoringPrecision.Int8));
        Assert.NotNull(bytes);
        var file = OnnxModelFile.Parse(bytes);
        Assert.True(file.TryGetInitializer("user_zero_point_int8", out var zero));
        Assert.Equal(OnnxElementType.Int8, zero.ElementType);
        Assert.Equal(file.Nodes.Count, OnnxModelFile.Read(Save(ScoringPrecision.Int8)).Nodes.Count);
    }

    [Fact]
    public void Rewrite_FloatGraph_Null() => Assert.Null(SignedActivations.Rewrite(Save(ScoringPrecision.Float32)));

    public void Dispose() => dir.Dispose();
}
