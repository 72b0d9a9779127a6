using NeuronEngine.Core;

namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    /// <summary>Repeated indices in one row must add up (reduction "add"), not overwrite; int32 and int64 indices both load.</summary>
    [Theory]
    [InlineData(OnnxElementType.Int64)]
    [InlineData(OnnxElementType.Int32)]
    public void ScatterElements_AddWithRepeatedIndices_SumsLikeManaged(OnnxElementType indexType)
    {
        long[] indices = [1, 3, 1, 0, 2, 2, 2, 4];
        float[] updates = [0.5f, 1f, 2f, -1f, 0.25f, 0.25f, 3f, 7f];
        float[] data = [10f, 20f, 30f, 40f, 50f, 60f, 70f, 80f, 90f, 100f];
        var b = new OnnxGraphBuilder();
        b.AddInput("data", OnnxElementType.Float, 2, 5);
        b.AddInput("updates", OnnxElementType.Float, 2, 4);
        var index = indexType == OnnxElementType.Int32
            ? b.AddInitializer("indices", [.. indices.Select(i => (int)i)], [2, 4])
            : b.AddInitializer("indices", indices, [2, 4]);
        b.ScatterElements("data", index, "updates", axis: 1, reduction: "add", output: "z");
        b.AddOutput("z", OnnxElementType.Float, 2, 5);

        var result = Ort.Run(b, Ort.Input("data", data, 2, 5), Ort.Input("updates", updates, 2, 4));

        var expected = data.ToArray();
        for (var i = 0; i < indices.Length; i++)
        {
            expected[(i / 4 * 5) + indices[i]] += updates[i];
        }

        Expect.Close(expected, result.Floats("z"));
        Assert.Equal([2L, 5L], result.Shape("z"));
    }

    [Fact]
    public void ScatterElements_AddBelowOpset16_ThrowsNamingTheOpset()
    {
        var b = new OnnxGraphBuilder(opsetVersion: 15);
        b.AddInput("data", OnnxElementType.Float, 4);
        b.AddInitializer("indices", [0L], [1]);
        b.AddInitializer("updates", [1f], [1]);

        var error = Assert.Throws<NeuronException>(() => b.ScatterElements("data", "indices", "updates", reduction: "add"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'add' needs opset 16 or later", error.Message);
    }

    [Fact]
    public void ScatterElements_UnknownReduction_Throws()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("data", OnnxElementType.Float, 4);

        var error = Assert.Throws<NeuronException>(() => b.ScatterElements("data", "data", "data", reduction: "sum"));

        Assert.Contains("must be none, add, mul, max or min", error.Message);
    }

    /// <summary>The dynamic batch size read with Shape(start, end), joined to a fixed width and used to Expand a row.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ShapeConcatExpand_DynamicBatch_RowRepeatedPerBatchEntry(int batch)
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch", 2);
        b.AddInitializer("row", Y, [3]);
        var size = b.Shape("x", 0, 1, output: "batch_size");
        var shape = b.Concat([size, b.AddInitializer("width", [3L], [1])], 0);
        b.Expand("row", shape, output: "z");
        b.Shape("x", output: "whole");
        b.AddOutput("batch_size", OnnxElementType.Int64, 1);
        b.AddOutput("whole", OnnxElementType.Int64, 2);
        b.AddOutput("z", OnnxElementType.Float, "batch", 3);

        var result = Ort.Run(b, Ort.Input("x", new float[batch * 2], batch, 2));

        Assert.Equal([(long)batch], result.Int64s("batch_size"));
        Assert.Equal([(long)batch, 2L], result.Int64s("whole"));
        Assert.Equal([(long)batch, 3L], result.Shape("z"));
        Expect.Close([.. Enumerable.Range(0, batch).SelectMany(_ => Y)], result.Floats("z"));
    }
}
