using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Models.Tests.Hosting;

namespace NeuronEngine.Models.Tests.Contract;

/// <summary>The serving graph computes what its documentation says, checked against the same computation in managed code.</summary>
public sealed class PooledHistoryGraphTests : IDisposable
{
    private const int Items = 30;
    private const int InputDimensions = 6;
    private const int Hidden = 8;
    private const int Dimensions = 5;
    private readonly TempDirectory dir = new("pooled");

    [Fact]
    public void Build_SeparateInputTableDenseLayersAndItemBias_SameTopKAsManagedComputation()
    {
        var random = new Random(1234);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        var table = Values(Items * Dimensions);
        var input = Values(Items * InputDimensions);
        var bias = Values(Items);
        PooledHistoryGraph.DenseLayer[] layers =
        [
            new(Values(Hidden * InputDimensions), Values(Hidden), InputDimensions, Hidden, Relu: true),
            new(Values(Dimensions * Hidden), Values(Dimensions), Hidden, Dimensions, Relu: false),
        ];
        var graph = PooledHistoryGraph.Build(table, Items, Dimensions, bias, input, InputDimensions, layers);
        var artifact = dir.Combine("artifact");
        ArtifactWriter.Write(artifact, graph, [.. Enumerable.Range(0, Items).Select(PlantedModels.ItemId)], new ModelManifest { Items = Items, Dimensions = Dimensions });

        long[] history = [3, 17, 3, 25, 0];
        float[] weights = [1f, 0.5f, 2f, -0.25f, 0f];
        var excluded = new bool[Items];
        excluded[7] = excluded[11] = true;
        const int k = 8;

        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "pooled", 1), artifact, static _ => { });
        var (indices, scores) = (new int[k], new float[k]);
        model.Run(history, weights, history.Length, k, new ExcludeMask(excluded), indices, scores);

        var expected = ManagedScores(table, input, bias, layers, history, weights)
            .Select((score, item) => (score, item)).Where(s => !excluded[s.item]).OrderByDescending(s => s.score).Take(k).ToArray();
        Assert.Equal(expected.Select(s => s.item), indices);
        Assert.All(expected.Zip(scores), p => Assert.Equal(p.First.score, p.Second, 1e-4f));
    }

    [Fact]
    public void Build_TiedTableNoLayers_ExcludedItemsComeLastAtMinusInfinity()
    {
        float[] table = [.. Enumerable.Range(0, Items * Dimensions).Select(i => (float)Math.Sin(i))];
        var artifact = dir.Combine("tied");
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(table, Items, Dimensions), [.. Enumerable.Range(0, Items).Select(PlantedModels.ItemId)], new ModelManifest { Items = Items, Dimensions = Dimensions });
        var excluded = Enumerable.Range(0, Items).Select(i => i >= 2).ToArray();

        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "tied", 1), artifact, static _ => { });
        var (indices, scores) = (new int[4], new float[4]);
        model.Run([1], [1f], 1, 4, new ExcludeMask(excluded), indices, scores);

        var expected = ManagedScores(table, table, [], [], [1], [1f]);
        var kept = Enumerable.Range(0, 2).OrderByDescending(i => expected[i]).ToArray();
        Assert.Equal(kept, indices[..2]);
        Assert.All(scores[2..], s => Assert.True(float.IsNegativeInfinity(s)));
    }

    [Fact]
    public void Build_Int8Scoring_ScoresWithinTheQuantizationBoundAndRanksConsistently()
    {
        var random = new Random(77);
        float[] Values(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale))];

        // Items with very different norms (per-item scales matter) and a popularity-like bias.
        var table = new float[Items * Dimensions];
        for (var i = 0; i < Items; i++)
        {
            Values(Dimensions, 0.05 + (i % 7)).CopyTo(table, i * Dimensions);
        }

        var bias = Values(Items, 0.5);
        var artifact = dir.Combine("int8");
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(table, Items, Dimensions, bias, scoring: ScoringPrecision.Int8), [.. Enumerable.Range(0, Items).Select(PlantedModels.ItemId)], new ModelManifest { Items = Items, Dimensions = Dimensions });
        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "int8", 1), artifact, static _ => { });

        long[] history = [4, 9, 9, 21];
        float[] weights = [1f, 2f, 0.5f, 3f];
        const int k = 10;
        var (indices, scores) = (new int[k], new float[k]);
        model.Run(history, weights, history.Length, k, new ExcludeMask(new bool[Items]), indices, scores);

        var user = ManagedUser(table, [], history, weights);
        var exact = ManagedScores(table, table, bias, [], history, weights);
        var bounds = Enumerable.Range(0, Items).Select(i => QuantizationBound(table.AsSpan(i * Dimensions, Dimensions), user)).ToArray();
        var best = Enumerable.Range(0, Items).OrderByDescending(i => exact[i]).ToArray();
        for (var rank = 0; rank < k; rank++)
        {
            var item = indices[rank];
            Assert.True(Math.Abs(scores[rank] - exact[item]) <= bounds[item], $"item {item}: int8 score {scores[rank]} vs exact {exact[item]} (bound {bounds[item]})");

            // Only near-ties may trade places: what the graph ranks r-th is within both bounds of the exact r-th best.
            Assert.True(exact[item] >= exact[best[rank]] - bounds[item] - bounds[best[rank]], $"rank {rank}: item {item} ({exact[item]}) instead of {best[rank]} ({exact[best[rank]]})");
        }
    }

    [Fact]
    public void Build_Int8Scoring_RowGetsTheSameResultAloneAndInABatchWithALargerRow()
    {
        float[] table = [.. Enumerable.Range(0, Items * Dimensions).Select(i => (float)Math.Cos(i * 0.37))];
        var artifact = dir.Combine("int8-batch");
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(table, Items, Dimensions, scoring: ScoringPrecision.Int8), [.. Enumerable.Range(0, Items).Select(PlantedModels.ItemId)], new ModelManifest { Items = Items, Dimensions = Dimensions });
        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "int8-batch", 1), artifact, static _ => { });
        var exclude = new ExcludeMask(new bool[Items]);

        var alone = Row([2, 5], [1f, 1f]);
        model.Run(new ReadOnlySpan<InferenceRow>(in alone), exclude);
        InferenceRow[] batch = [Row([2, 5], [1f, 1f]), Row([7, 8, 13], [1000f, 900f, 1200f])];
        model.Run(batch, exclude);

        Assert.Null(batch[0].Error);
        Assert.Equal(alone.Indices[..6], batch[0].Indices[..6]);
        Assert.Equal(alone.Scores[..6], batch[0].Scores[..6]);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(70)] // more than the 65 blocks: every block is a candidate
    public void Build_Int8BlockTopK_SameResultsAsOneTopKOverEveryItem(int k)
    {
        // 64 blocks of 128 and 37 items more: the last block is mostly padding.
        const int items = (64 * 128) + 37;
        const int dimensions = 8;
        var random = new Random(5);
        float[] table = [.. Enumerable.Range(0, items * dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] bias = [.. Enumerable.Range(0, items).Select(_ => (float)random.NextDouble())];
        var blocked = LoadBig("blocked", PooledHistoryGraph.Build(table, items, dimensions, bias, scoring: ScoringPrecision.Int8), items, dimensions);
        var single = LoadBig("single", PooledHistoryGraph.Build(table, items, dimensions, bias, scoring: ScoringPrecision.Int8, topKBlock: 0), items, dimensions);

        // A whole block, the real items of the last block but one, and scattered items excluded.
        var excluded = new bool[items];
        for (var i = 0; i < items; i++)
        {
            excluded[i] = i is >= 1280 and < 1408 || i >= items - 30 || random.Next(10) == 0;
        }

        var exclude = new ExcludeMask(excluded);
        InferenceRow[] Rows() =>
        [
            .. Enumerable.Range(0, 5).Select(r => Row([.. Enumerable.Range(0, 3 + r).Select(_ => (long)random.Next(items))], [.. Enumerable.Range(0, 3 + r).Select(_ => 1f + r)], k)),
        ];
        var rows = Rows();
        var expected = rows.Select(r => Row(r.Items[..r.Length], r.Weights[..r.Length], k)).ToArray();
        blocked.Run(rows, exclude);
        single.Run(expected, exclude);

        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Null(rows[r].Error);
            Assert.Equal(expected[r].Scores[..k], rows[r].Scores[..k]);
            Assert.Equal(expected[r].Indices[..k], rows[r].Indices[..k]);
            Assert.DoesNotContain(rows[r].Indices[..k], i => excluded[i]);
        }

        blocked.Dispose();
        single.Dispose();
    }

    [Fact]
    public void Build_Int8BlockTopK_KBeyondTheItemsLeft_PaddingNeverComesBackAsAnItem()
    {
        const int items = (64 * 128) + 5;
        const int dimensions = 4;
        float[] table = [.. Enumerable.Range(0, items * dimensions).Select(i => (float)Math.Sin(i * 0.11))];
        using var model = LoadBig("few-left", PooledHistoryGraph.Build(table, items, dimensions, scoring: ScoringPrecision.Int8), items, dimensions);
        var excluded = Enumerable.Range(0, items).Select(i => i is not (3 or 4000 or 8190)).ToArray();

        // k = every item: the second stage's candidates include the padding, tied at −∞ with the excluded items.
        var row = Row([3, 4000], [1f, 1f], items);
        model.Run(new ReadOnlySpan<InferenceRow>(in row), new ExcludeMask(excluded));

        Assert.Null(row.Error);
        Assert.Equal([3, 4000, 8190], row.Indices[..3].Order());
        Assert.All(row.Scores[..3], s => Assert.True(float.IsFinite(s)));
        Assert.All(row.Scores[3..], s => Assert.True(float.IsNegativeInfinity(s)));
        Assert.All(row.Indices, i => Assert.InRange(i, 0, items - 1));
    }

    private LoadedModel LoadBig(string name, NeuronEngine.Onnx.OnnxGraphBuilder graph, int items, int dimensions)
    {
        var artifact = dir.Combine(name);
        ArtifactWriter.Write(artifact, graph, [.. Enumerable.Range(0, items).Select(PlantedModels.ItemId)], new ModelManifest { Items = items, Dimensions = dimensions });
        return ModelTestHost.Loader().Load(new VersionKey("t", name, 1), artifact, static _ => { });
    }

    private static InferenceRow Row(long[] items, float[] weights, int k = 6)
    {
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(items.Length);
        items.CopyTo(row.Items, 0);
        weights.CopyTo(row.Weights, 0);
        row.Length = items.Length;
        row.SetK(k);
        return row;
    }

    /// <summary>
    /// |u_q·i_q − u·i| ≤ δu‖i‖₁ + δi‖u‖₁ + D·δu·δi with δu = max|u|/254 (the user row's half step) and δi = max|i|/254
    /// (the item's), plus float rounding.
    /// </summary>
    private static double QuantizationBound(ReadOnlySpan<float> item, double[] user)
    {
        var itemMax = 0.0;
        var itemL1 = 0.0;
        foreach (var v in item)
        {
            itemMax = Math.Max(itemMax, Math.Abs(v));
            itemL1 += Math.Abs(v);
        }

        var (du, di) = (user.Max(Math.Abs) / 254, itemMax / 254);
        return (du * itemL1) + (di * user.Sum(Math.Abs)) + (user.Length * du * di) + 1e-4;
    }

    /// <summary>Gather → weight → Σ → ÷ (√Σ|w| + 1e-6) → dense layers, in doubles: the user vector.</summary>
    private static double[] ManagedUser(float[] input, PooledHistoryGraph.DenseLayer[] layers, long[] history, float[] weights)
    {
        var inputDimensions = input.Length / Items;
        var user = new double[inputDimensions];
        for (var h = 0; h < history.Length; h++)
        {
            for (var d = 0; d < inputDimensions; d++)
            {
                user[d] += weights[h] * input[(history[h] * inputDimensions) + d];
            }
        }

        var norm = Math.Sqrt(weights.Sum(w => Math.Abs((double)w))) + 1e-6;
        user = [.. user.Select(u => u / norm)];
        foreach (var layer in layers)
        {
            var next = new double[layer.Outputs];
            for (var o = 0; o < layer.Outputs; o++)
            {
                next[o] = layer.Bias[o] + Enumerable.Range(0, layer.Inputs).Sum(i => (double)layer.Weights[(o * layer.Inputs) + i] * user[i]);
                next[o] = layer.Relu ? Math.Max(0, next[o]) : next[o];
            }

            user = next;
        }

        return user;
    }

    /// <summary><see cref="ManagedUser"/> · item table + bias, in doubles.</summary>
    private static double[] ManagedScores(float[] table, float[] input, float[] bias, PooledHistoryGraph.DenseLayer[] layers, long[] history, float[] weights)
    {
        var user = ManagedUser(input, layers, history, weights);
        return [.. Enumerable.Range(0, Items).Select(j => (bias.Length > 0 ? bias[j] : 0) + Enumerable.Range(0, user.Length).Sum(d => (double)table[(j * user.Length) + d] * user[d]))];
    }

    public void Dispose() => dir.Dispose();
}
