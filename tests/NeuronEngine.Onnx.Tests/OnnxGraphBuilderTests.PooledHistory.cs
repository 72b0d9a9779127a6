using Microsoft.ML.OnnxRuntime;

namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    [Theory]
    [InlineData(1, 5, 10)]
    [InlineData(3, 7, 20)]
    public void PooledHistory_RandomData_TopKMatchesManagedReference(int batch, int length, int k)
    {
        const int items = 300;
        const int dims = 16;
        var random = new Random(42 + batch);
        var table = Expect.RandomFloats(random, items * dims);
        var bias = Expect.RandomFloats(random, items, 0.1f);
        var history = new long[batch * length];
        var weights = new float[batch * length];
        for (var i = 0; i < history.Length; i++)
        {
            history[i] = random.Next(items);
            weights[i] = (float)random.NextDouble() * 2f;
        }

        // Padding: the last slot of row 0 is id -1 (the last table row) with weight 0, so it must change nothing.
        history[length - 1] = -1;
        weights[length - 1] = 0f;
        var exclude = new float[items];
        foreach (var seen in history.Where(id => id >= 0))
        {
            exclude[seen] = -1e9f;
        }

        var model = PooledHistoryModel.Build(table, bias, items, dims).ToArray();
        var result = Ort.Run(
            model,
            Ort.Input("history_items", history, batch, length),
            Ort.Input("history_weights", weights, batch, length),
            Ort.Input("k", [(long)k], 1),
            Ort.Input("exclude_bias", exclude, items));

        var (expectedIndices, expectedScores, _) = PooledHistoryModel.Reference(
            table, bias, items, dims, history, weights, batch, length, exclude, k);
        Assert.Equal([(long)batch, k], result.Shape("top_indices"));
        Assert.Equal(expectedIndices, result.Int64s("top_indices"));
        Expect.Close(expectedScores, result.Floats("top_scores"), 1e-4f);
        Assert.DoesNotContain(result.Int64s("top_indices"), id => history.Contains(id));
    }

    [Fact]
    public void Gather_NegativeIndexWithZeroWeight_ContributesNothing()
    {
        const int items = 50;
        const int dims = 8;
        var random = new Random(7);
        var table = Expect.RandomFloats(random, items * dims);
        var bias = new float[items];
        var model = PooledHistoryModel.Build(table, bias, items, dims).ToArray();
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);

        var padded = Ort.Run(
            session,
            Ort.Input("history_items", [3L, 9L, -1L, -1L], 1, 4),
            Ort.Input("history_weights", [1f, 0.5f, 0f, 0f], 1, 4),
            Ort.Input("k", [5L], 1),
            Ort.Input("exclude_bias", new float[items], items));
        var unpadded = Ort.Run(
            session,
            Ort.Input("history_items", [3L, 9L], 1, 2),
            Ort.Input("history_weights", [1f, 0.5f], 1, 2),
            Ort.Input("k", [5L], 1),
            Ort.Input("exclude_bias", new float[items], items));

        Assert.Equal(unpadded.Int64s("top_indices"), padded.Int64s("top_indices"));
        Expect.Close(unpadded.Floats("top_scores"), padded.Floats("top_scores"), 1e-6f);
    }

    [Fact]
    public void Save_FullSizeItemTable_StoredOnceAndServesTopK()
    {
        const int items = 100_000;
        const int dims = 64;
        using var dir = new TempDirectory("onnx");
        var random = new Random(3);
        var table = Expect.RandomFloats(random, items * dims);
        var bias = Expect.RandomFloats(random, items, 0.1f);
        var path = dir.Combine("model.onnx");

        PooledHistoryModel.Build(table, bias, items, dims).Save(path);

        var tableBytes = (long)items * dims * sizeof(float);
        var fileBytes = new FileInfo(path).Length;
        Assert.InRange(fileBytes, tableBytes, tableBytes + (items * sizeof(float)) + 4096);
        Assert.Single(Directory.GetFiles(dir.Path));
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        var history = new long[] { 5, 99_999, 12_345 };
        var weights = new float[] { 1f, 1f, 0.5f };
        var exclude = new float[items];
        var result = Ort.Run(
            session,
            Ort.Input("history_items", history, 1, 3),
            Ort.Input("history_weights", weights, 1, 3),
            Ort.Input("k", [20L], 1),
            Ort.Input("exclude_bias", exclude, items));
        var (_, expectedScores, all) = PooledHistoryModel.Reference(table, bias, items, dims, history, weights, 1, 3, exclude, 20);

        // Scores, not index order: among 100,000 items two scores may tie within float rounding.
        Expect.Close(expectedScores, result.Floats("top_scores"));
        var topIndices = result.Int64s("top_indices");
        Expect.Close(topIndices.Select(i => all[i]).ToArray(), result.Floats("top_scores"));
    }

    [Theory]
    [InlineData(13L, 7L)]
    [InlineData(17L, 8L)]
    [InlineData(21L, 10L)]
    [InlineData(25L, 13L)]
    public void PooledHistory_AtOpsetAndIrVersion_LoadsAndRuns(long opset, long irVersion)
    {
        const int items = 20;
        const int dims = 4;
        var random = new Random(9);
        var table = Expect.RandomFloats(random, items * dims);
        var bias = new float[items];
        var b = PooledHistoryModel.Build(table, bias, items, dims, opset, irVersion);

        var result = Ort.Run(
            b,
            Ort.Input("history_items", [1L, 2L], 1, 2),
            Ort.Input("history_weights", [1f, 1f], 1, 2),
            Ort.Input("k", [3L], 1),
            Ort.Input("exclude_bias", new float[items], items));

        var (expected, _, _) = PooledHistoryModel.Reference(table, bias, items, dims, [1L, 2L], [1f, 1f], 1, 2, new float[items], 3);
        Assert.Equal(expected, result.Int64s("top_indices"));
        Assert.Equal(opset, OnnxModelFile.Parse(b.ToArray()).OpsetVersion);
    }
}
