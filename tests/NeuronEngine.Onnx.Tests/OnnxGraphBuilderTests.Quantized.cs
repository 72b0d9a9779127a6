namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    [Fact]
    public void QuantizeLinearThenMatMulInteger_Int8Table_ExactIntegerProducts()
    {
        // x quantizes to round(x / 0.5) + 128; (q − 128) · table is then an exact integer product.
        float[] x = [1f, -0.5f, 2f, 0.25f, -1.5f, 0f];
        sbyte[] table = [3, -2, 127, -127, 0, 5, 7, 1, -3];
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch", 3);
        b.AddInitializer("table", table, [3, 3]);
        var zeroPoint = b.AddInitializer("zp", new byte[] { 128 }, []);
        var q = b.QuantizeLinear("x", b.AddInitializer("scale", [0.5f], []), zeroPoint);
        var products = b.MatMulInteger(q, "table", zeroPoint);
        b.Cast(products, OnnxElementType.Float, "z");
        b.AddOutput("z", OnnxElementType.Float, "batch", 3);

        var result = Ort.Run(b, Ort.Input("x", x, 2, 3));

        // Rows quantize to [2, -1, 4] and [0, -3, 0] (0.25 / 0.5 = 0.5 rounds to even: 0).
        int[][] rows = [[2, -1, 4], [0, -3, 0]];
        var expected = rows.SelectMany(r => Enumerable.Range(0, 3).Select(c => (float)Enumerable.Range(0, 3).Sum(k => r[k] * table[(k * 3) + c]))).ToArray();
        Expect.Close(expected, result.Floats("z"), 0f);
    }

    [Fact]
    public void ReduceMax_Opset17_LargestAlongTheAxis()
    {
        var b = new OnnxGraphBuilder(opsetVersion: 17);
        b.AddInput("x", OnnxElementType.Float, "batch", 3);
        b.ReduceMax("x", [1], keepDims: true, output: "z");
        b.AddOutput("z", OnnxElementType.Float, "batch", 1);

        var result = Ort.Run(b, Ort.Input("x", [1f, -5f, 3f, -2f, -1f, -7f], 2, 3));

        Expect.Close([3f, -1f], result.Floats("z"), 0f);
    }

    [Fact]
    public void AddInitializer_Int8_StoredAsOneByteEachInRawData()
    {
        var b = new OnnxGraphBuilder();
        b.AddInitializer("q", new sbyte[] { -127, 0, 127 }, [3]);
        b.Identity("q", "z");
        b.AddOutput("z", OnnxElementType.Int8, 3);
        var model = Proto.ModelProto.Parser.ParseFrom(b.ToArray());
        var tensor = Assert.Single(model.Graph.Initializer);
        Assert.Equal((int)OnnxElementType.Int8, tensor.DataType);
        Assert.Equal(new byte[] { 0x81, 0x00, 0x7F }, tensor.RawData.ToByteArray());
    }
}
