namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    [Fact]
    public void MatMul_BatchOfRows_MatchesManaged()
    {
        var random = new Random(1);
        var w = Expect.RandomFloats(random, 3 * 4);
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch", 3);
        b.AddInitializer("w", w, [3, 4]);
        b.MatMul("x", "w", "z");
        b.AddOutput("z", OnnxElementType.Float, "batch", 4);

        var result = Ort.Run(b, Ort.Input("x", X, 2, 3));

        Expect.Close(Reference.MatMul(X, 2, 3, w, 4, transposeB: false), result.Floats("z"));
    }

    [Fact]
    public void Gemm_TransBWithBiasAndScales_MatchesManaged()
    {
        var random = new Random(2);
        var table = Expect.RandomFloats(random, 5 * 3);
        var bias = Expect.RandomFloats(random, 5);
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch", 3);
        b.AddInitializer("table", table, [5, 3]);
        b.AddInitializer("bias", bias, [5]);
        b.Gemm("x", "table", "bias", transB: true, alpha: 2f, beta: 0.5f, output: "z");
        b.AddOutput("z", OnnxElementType.Float, "batch", 5);

        var result = Ort.Run(b, Ort.Input("x", X, 2, 3));

        var product = Reference.MatMul(X, 2, 3, table, 5, transposeB: true);
        var expected = product.Select((v, i) => (2f * v) + (0.5f * bias[i % 5])).ToArray();
        Expect.Close(expected, result.Floats("z"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TopK_KAsInput_ReturnsSortedSelectionWithIndices(bool largest)
    {
        var scores = new float[] { 0.3f, 2f, -1f, 0.7f, 5f, 0.1f, 1f, 1f, -3f, 0f };
        var b = new OnnxGraphBuilder();
        b.AddInput("scores", OnnxElementType.Float, "batch", 5);
        b.AddInput("k", OnnxElementType.Int64, 1);
        b.TopK("scores", "k", largest: largest, values: "top", indices: "idx");
        b.AddOutput("top", OnnxElementType.Float, "batch", "k");
        b.AddOutput("idx", OnnxElementType.Int64, "batch", "k");

        var result = Ort.Run(b, Ort.Input("scores", scores, 2, 5), Ort.Input("k", [3L], 1));

        var expectedIdx = Enumerable.Range(0, 2).SelectMany(row => Reference.TopK(scores.AsSpan(row * 5, 5), 3, largest)).ToArray();
        Assert.Equal([2L, 3L], result.Shape("top"));
        Assert.Equal(expectedIdx, result.Int64s("idx"));
        Assert.Equal(expectedIdx.Select((i, n) => scores[((n / 3) * 5) + (int)i]).ToArray(), result.Floats("top"));
    }

    [Fact]
    public void TopK_EqualScores_LowerIndexFirst()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("scores", OnnxElementType.Float, 1, 4);
        b.AddInitializer("k", [2L], [1]);
        b.TopK("scores", "k", values: "top", indices: "idx");
        b.AddOutput("idx", OnnxElementType.Int64, 1, 2);

        var result = Ort.Run(b, Ort.Input("scores", [1f, 3f, 1f, 3f], 1, 4));

        Assert.Equal([1L, 3L], result.Int64s("idx"));
    }

    [Fact]
    public void SymbolicBatch_RunAtBatchOneAndThree_OutputFollowsBatch()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch", 2);
        b.AddInitializer("w", [1f, 2f, 3f, 4f], [2, 2]);
        b.Relu(b.MatMul("x", "w"), "z");
        b.AddOutput("z", OnnxElementType.Float, "batch", 2);
        var model = b.ToArray();

        var one = Ort.Run(model, Ort.Input("x", new float[] { 1f, -1f }, 1, 2));
        var three = Ort.Run(model, Ort.Input("x", new float[] { 1f, -1f, 0f, 1f, 2f, 0f }, 3, 2));

        Assert.Equal([1L, 2L], one.Shape("z"));
        Assert.Equal([0f, 0f], one.Floats("z"));
        Assert.Equal([3L, 2L], three.Shape("z"));
        Assert.Equal([0f, 0f, 3f, 4f, 2f, 4f], three.Floats("z"));
    }
}
