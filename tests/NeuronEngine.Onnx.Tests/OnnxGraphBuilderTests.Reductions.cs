namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    /// <summary>ReduceMean/ReduceL2 take axes as an attribute before opset 18 and as an input from 18; both must load.</summary>
    [Theory]
    [InlineData(17L)]
    [InlineData(18L)]
    public void Reductions_AtOpset_LoadAndMatchManaged(long opset)
    {
        var b = new OnnxGraphBuilder(opsetVersion: opset);
        b.AddInput("x", OnnxElementType.Float, 2, 3);
        b.ReduceSum("x", [1], keepDims: false, output: "sum");
        b.ReduceMean("x", [1], keepDims: true, output: "mean");
        b.ReduceL2("x", [-1], keepDims: false, output: "l2");
        b.LpNormalization("x", axis: 1, p: 2, output: "unit");
        b.AddOutput("sum", OnnxElementType.Float, 2);
        b.AddOutput("mean", OnnxElementType.Float, 2, 1);
        b.AddOutput("l2", OnnxElementType.Float, 2);
        b.AddOutput("unit", OnnxElementType.Float, 2, 3);

        var result = Ort.Run(b, Ort.Input("x", X, 2, 3));

        float[][] rows = [X[..3], X[3..]];
        Expect.Close(rows.Select(r => r.Sum()).ToArray(), result.Floats("sum"));
        Assert.Equal([2L, 1L], result.Shape("mean"));
        Expect.Close(rows.Select(r => r.Average()).ToArray(), result.Floats("mean"));
        var norms = rows.Select(r => MathF.Sqrt(r.Sum(v => v * v))).ToArray();
        Expect.Close(norms, result.Floats("l2"));
        Expect.Close(X.Select((v, i) => v / norms[i / 3]).ToArray(), result.Floats("unit"));
    }
}
