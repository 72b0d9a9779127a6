using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Contract;

/// <summary>The neighbour graph computes s_j = Σ_h w_h · W[h, j] + bias_j + exclude_j, checked against managed code.</summary>
public sealed class NeighbourGraphTests
{
    private const int Items = 25;
    private const int Neighbours = 4;

    [Theory]
    [InlineData(OnnxElementType.Int32)]
    [InlineData(OnnxElementType.Int64)]
    public void Build_BatchWithRepeatsPaddingBiasAndExclusions_SameTopKAsManagedComputation(OnnxElementType indexType)
    {
        var random = new Random(42);
        var (targets, weights) = Tables(random);
        float[] bias = [.. Enumerable.Range(0, Items).Select(_ => (float)(random.NextDouble() * 0.1))];
        var exclude = new float[Items];
        exclude[3] = exclude[17] = exclude[20] = float.NegativeInfinity;

        // Row 0 repeats item 5 and ends with zero-weight padding on item 0; row 1 is different items with negative weights too.
        const int history = 5;
        long[] items = [5, 9, 5, 12, 0, 1, 2, 24, 7, 3];
        float[] historyWeights = [1f, 0.5f, 2f, 1.5f, 0f, 1f, -0.5f, 3f, 0.25f, 1f];
        const int k = 7;

        var (topScores, topIndices) = Run(NeighbourGraph.Build(targets, weights, Items, Neighbours, bias, indexType), items, historyWeights, 2, history, k, exclude);

        for (var row = 0; row < 2; row++)
        {
            var expected = Managed(targets, weights, bias, exclude, items.AsSpan(row * history, history), historyWeights.AsSpan(row * history, history))
                .Select((score, item) => (score, item)).OrderByDescending(s => s.score).ThenBy(s => s.item).Take(k).ToArray();
            Assert.Equal(expected.Select(e => (long)e.item), topIndices.Skip(row * k).Take(k));
            Assert.All(expected.Zip(topScores.Skip(row * k)), p => Assert.Equal(p.First.score, p.Second, 1e-5f));
        }
    }

    [Fact]
    public void Build_NoItemBias_ExcludedItemsAtMinusInfinityAndUnreachedItemsAtZero()
    {
        var (targets, weights) = Tables(new Random(7));
        var neighbour = (int)targets[6 * Neighbours];
        var unreached = Enumerable.Range(0, Items).First(j => j != 6 && !targets.AsSpan(6 * Neighbours, Neighbours).Contains(j));
        var exclude = new float[Items];
        Array.Fill(exclude, float.NegativeInfinity);
        exclude[neighbour] = exclude[unreached] = 0f;

        var (scores, indices) = Run(NeighbourGraph.Build(targets, weights, Items, Neighbours), [6], [2f], 1, 1, 3, exclude);

        Assert.Equal([neighbour, unreached], indices[..2]);
        Assert.Equal(2f * weights[6 * Neighbours], scores[0], 1e-6f);
        Assert.Equal(0f, scores[1]);
        Assert.True(float.IsNegativeInfinity(scores[2]));
    }

    [Fact]
    public void Build_Int32Indices_SameScoresAsTheInt64Overload()
    {
        var random = new Random(7);
        var (targets, weights) = Tables(random);
        long[] items = [5, 9, 5, 12, 0];
        float[] historyWeights = [1f, 0.5f, 2f, 1.5f, 0f];

        var wide = Run(NeighbourGraph.Build(targets, weights, Items, Neighbours), items, historyWeights, 1, 5, 7, new float[Items]);
        var narrow = Run(NeighbourGraph.Build([.. targets.Select(t => (int)t)], weights, Items, Neighbours), items, historyWeights, 1, 5, 7, new float[Items]);

        Assert.Equal(wide.Indices, narrow.Indices);
        Assert.Equal(wide.Scores, narrow.Scores);
    }

    [Fact]
    public void Build_Int32IndexOutOfRange_ThrowsNamingTheTableAndEntry()
    {
        var (targets, weights) = Tables(new Random(1));
        int[] narrow = [.. targets.Select(t => (int)t)];
        narrow[(2 * Neighbours) + 1] = -1;

        var ex = Assert.Throws<NeuronException>(() => NeighbourGraph.Build(narrow, weights, Items, Neighbours));

        Assert.Contains("row 2 entry 1 is -1, not a model item index (0-24)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_IndexOutOfRange_ThrowsNamingTheTableAndEntry()
    {
        var (targets, weights) = Tables(new Random(1));
        targets[(2 * Neighbours) + 1] = Items;

        var ex = Assert.Throws<NeuronException>(() => NeighbourGraph.Build(targets, weights, Items, Neighbours));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("row 2 entry 1 is 25, not a model item index (0-24)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Defaults_Int32IndicesAndContractMetadata()
    {
        var (targets, weights) = Tables(new Random(3));

        var file = OnnxModelFile.Parse(NeighbourGraph.Build(targets, weights, Items, Neighbours).ToArray());

        Assert.True(file.TryGetInitializer(ModelContract.NeighbourItems, out var table));
        Assert.Equal(OnnxElementType.Int32, table.ElementType);
        Assert.Equal([Items, Neighbours], table.Dims);
        Assert.Equal([.. targets.Select(t => (int)t)], table.ToInt32Array());
        Assert.True(file.TryGetInitializer(ModelContract.NeighbourWeights, out var stored));
        Assert.Equal(weights, stored.ToFloatArray());
        Assert.Equal("1", file.Metadata["neuron.contract_version"]);
    }

    /// <summary>Random neighbour tables: K − 1 distinct other items with weights in (0, 1], the last entry padding (own item, 0).</summary>
    internal static (long[] Targets, float[] Weights) Tables(Random random)
    {
        var targets = new long[Items * Neighbours];
        var weights = new float[Items * Neighbours];
        for (var i = 0; i < Items; i++)
        {
            var others = Enumerable.Range(0, Items).Where(j => j != i).OrderBy(_ => random.Next()).Take(Neighbours - 1).ToArray();
            for (var c = 0; c < Neighbours - 1; c++)
            {
                targets[(i * Neighbours) + c] = others[c];
                weights[(i * Neighbours) + c] = (float)(1 - random.NextDouble());
            }

            targets[(i * Neighbours) + Neighbours - 1] = i;
        }

        return (targets, weights);
    }

    private static float[] Managed(long[] targets, float[] weights, float[] bias, float[] exclude, ReadOnlySpan<long> history, ReadOnlySpan<float> historyWeights)
    {
        var scores = new float[Items];
        for (var h = 0; h < history.Length; h++)
        {
            for (var c = 0; c < Neighbours; c++)
            {
                var entry = ((int)history[h] * Neighbours) + c;
                scores[targets[entry]] += historyWeights[h] * weights[entry];
            }
        }

        for (var j = 0; j < Items; j++)
        {
            scores[j] += (bias.Length > 0 ? bias[j] : 0f) + exclude[j];
        }

        return scores;
    }

    private static (float[] Scores, long[] Indices) Run(OnnxGraphBuilder graph, long[] items, float[] weights, int batch, int history, int k, float[] exclude)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(graph.ToArray(), options);
        using var historyItems = OrtValue.CreateTensorValueFromMemory(items, [batch, history]);
        using var historyWeights = OrtValue.CreateTensorValueFromMemory(weights, [batch, history]);
        using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
        using var excludeBias = OrtValue.CreateTensorValueFromMemory(exclude, [Items]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(
            runOptions,
            new Dictionary<string, OrtValue>
            {
                [ModelContract.HistoryItems] = historyItems,
                [ModelContract.HistoryWeights] = historyWeights,
                [ModelContract.K] = kValue,
                [ModelContract.ExcludeBias] = excludeBias,
            },
            [ModelContract.TopScores, ModelContract.TopIndices]);
        Assert.Equal([(long)batch, k], outputs[1].GetTensorTypeAndShape().Shape);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<long>().ToArray());
    }
}
