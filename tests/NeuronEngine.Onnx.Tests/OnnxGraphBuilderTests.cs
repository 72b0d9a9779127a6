namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    private static readonly float[] X = [-2f, -0.5f, 0f, 0.25f, 1.5f, 3f];
    private static readonly float[] Y = [0.5f, -1f, 2f];

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Mul")]
    [InlineData("Div")]
    [InlineData("Max")]
    [InlineData("Min")]
    public void BinaryOp_BroadcastsRowOverMatrix_MatchesManaged(string op)
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 2, 3);
        b.AddInitializer("y", Y, [3]);
        Func<string, string, string?, string> add = op switch
        {
            "Add" => b.Add,
            "Sub" => b.Sub,
            "Mul" => b.Mul,
            "Div" => b.Div,
            "Max" => b.Max,
            _ => b.Min,
        };
        add("x", "y", "z");
        b.AddOutput("z", OnnxElementType.Float, 2, 3);
        Func<float, float, float> reference = op switch
        {
            "Add" => (p, q) => p + q,
            "Sub" => (p, q) => p - q,
            "Mul" => (p, q) => p * q,
            "Div" => (p, q) => p / q,
            "Max" => MathF.Max,
            _ => MathF.Min,
        };

        var result = Ort.Run(b, Ort.Input("x", X, 2, 3));

        var expected = X.Select((v, i) => reference(v, Y[i % 3])).ToArray();
        Expect.Close(expected, result.Floats("z"));
        Assert.Equal([2L, 3L], result.Shape("z"));
    }

    [Theory]
    [InlineData("Sqrt")]
    [InlineData("Abs")]
    [InlineData("Relu")]
    [InlineData("Tanh")]
    [InlineData("Sigmoid")]
    [InlineData("Identity")]
    public void UnaryOp_Elementwise_MatchesManaged(string op)
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 6);
        Func<string, string?, string> apply = op switch
        {
            "Sqrt" => b.Sqrt,
            "Abs" => b.Abs,
            "Relu" => b.Relu,
            "Tanh" => b.Tanh,
            "Sigmoid" => b.Sigmoid,
            _ => b.Identity,
        };
        apply("x", "z");
        b.AddOutput("z", OnnxElementType.Float, 6);
        Func<float, float> reference = op switch
        {
            "Sqrt" => MathF.Sqrt,
            "Abs" => MathF.Abs,
            "Relu" => v => MathF.Max(v, 0f),
            "Tanh" => MathF.Tanh,
            "Sigmoid" => v => 1f / (1f + MathF.Exp(-v)),
            _ => v => v,
        };
        var input = op == "Sqrt" ? X.Select(MathF.Abs).ToArray() : X;

        var result = Ort.Run(b, Ort.Input("x", input, 6));

        Expect.Close(input.Select(reference).ToArray(), result.Floats("z"));
    }

    [Theory]
    [InlineData(-1f, 1f)]
    [InlineData(null, 0.5f)]
    [InlineData(0f, null)]
    public void Clip_OptionalBounds_MatchesManaged(float? min, float? max)
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 6);
        b.Clip("x", min, max, "z");
        b.AddOutput("z", OnnxElementType.Float, 6);

        var result = Ort.Run(b, Ort.Input("x", X, 6));

        var expected = X.Select(v => MathF.Min(MathF.Max(v, min ?? float.MinValue), max ?? float.MaxValue)).ToArray();
        Expect.Close(expected, result.Floats("z"));
    }

    [Fact]
    public void Cast_Int64ToFloat_ConvertsValues()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("ids", OnnxElementType.Int64, 3);
        b.Cast("ids", OnnxElementType.Float, "z");
        b.AddOutput("z", OnnxElementType.Float, 3);

        var result = Ort.Run(b, Ort.Input("ids", new long[] { -3, 0, 70000 }, 3));

        Assert.Equal([-3f, 0f, 70000f], result.Floats("z"));
    }

    [Fact]
    public void Gather_RowsIncludingNegativeIndex_ReturnsTableRows()
    {
        var table = new float[] { 1, 2, 10, 20, 100, 200 };
        var b = new OnnxGraphBuilder();
        b.AddInitializer("table", table, [3, 2]);
        b.AddInput("ids", OnnxElementType.Int64, 2, 2);
        b.Gather("table", "ids", output: "rows");
        b.AddOutput("rows", OnnxElementType.Float, 2, 2, 2);

        var result = Ort.Run(b, Ort.Input("ids", new long[] { 2, 0, -1, 1 }, 2, 2));

        Assert.Equal([2L, 2L, 2L], result.Shape("rows"));
        Assert.Equal([100f, 200f, 1f, 2f, 100f, 200f, 10f, 20f], result.Floats("rows"));
    }

    [Fact]
    public void GatherNDWithBatchDim_PicksEachRowsOwnSlices_GatherElementsAndMod_IndexWithinRows()
    {
        // data [2 rows, 3 blocks, 2 items]; row 0 takes blocks 2, 0; row 1 takes block 1 twice.
        var data = new float[] { 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15 };
        var b = new OnnxGraphBuilder();
        b.AddInitializer("data", data, [2, 3, 2]);
        b.AddInput("blocks", OnnxElementType.Int64, 2, 2, 1);
        b.GatherND("data", "blocks", batchDims: 1, output: "slices");
        b.AddInput("picks", OnnxElementType.Int64, 2, 2);
        b.GatherElements(b.Squeeze("blocks", [2]), "picks", axis: 1, output: "picked");
        b.AddInput("numbers", OnnxElementType.Int64, 4);
        b.Mod("numbers", b.AddInitializer("two", [2L], [1]), output: "odd");
        b.AddOutput("slices", OnnxElementType.Float, 2, 2, 2);
        b.AddOutput("picked", OnnxElementType.Int64, 2, 2);
        b.AddOutput("odd", OnnxElementType.Int64, 4);

        var result = Ort.Run(b, Ort.Input("blocks", new long[] { 2, 0, 1, 1 }, 2, 2, 1), Ort.Input("picks", new long[] { 1, 0, 0, 1 }, 2, 2),
            Ort.Input("numbers", new long[] { 5, -1, 4, 7 }, 4));

        Assert.Equal([2L, 2L, 2L], result.Shape("slices"));
        Assert.Equal([4f, 5f, 0f, 1f, 12f, 13f, 12f, 13f], result.Floats("slices"));
        Assert.Equal([0L, 2L, 1L, 1L], result.Int64s("picked"));
        Assert.Equal([1L, 1L, 0L, 1L], result.Int64s("odd")); // the divisor's sign: −1 mod 2 = 1
    }

    [Fact]
    public void UnsqueezeThenSqueeze_AxesAsInputs_ChangeRankOnly()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 2, 3);
        var up = b.Unsqueeze("x", [0, 3], "up");
        b.Squeeze(up, [0], "down");
        b.AddOutput("up", OnnxElementType.Float, 1, 2, 3, 1);
        b.AddOutput("down", OnnxElementType.Float, 2, 3, 1);

        var result = Ort.Run(b, Ort.Input("x", X, 2, 3));

        Assert.Equal([1L, 2L, 3L, 1L], result.Shape("up"));
        Assert.Equal([2L, 3L, 1L], result.Shape("down"));
        Assert.Equal(X, result.Floats("down"));
    }

    [Fact]
    public void ReshapeAndConcat_InferredDim_JoinAlongAxis()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 6);
        var m = b.Reshape("x", [-1, 3], "m");
        b.Concat([m, m], axis: 1, output: "z");
        b.AddOutput("z", OnnxElementType.Float, 2, 6);

        var result = Ort.Run(b, Ort.Input("x", X, 6));

        Assert.Equal([2L, 6L], result.Shape("z"));
        Assert.Equal([-2f, -0.5f, 0f, -2f, -0.5f, 0f, 0.25f, 1.5f, 3f, 0.25f, 1.5f, 3f], result.Floats("z"));
    }
}
