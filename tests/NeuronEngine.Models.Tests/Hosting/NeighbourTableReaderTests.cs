using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Models.Tests.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>Neighbour artifacts through the real loader: served like a pooled model, or refused naming the initializer.</summary>
public sealed class NeighbourTableReaderTests : IDisposable
{
    private const int Items = 25;
    private const int Neighbours = 4;
    private readonly TempDirectory dir = new("neighbours");

    [Fact]
    public void Load_NeighbourArtifact_ServesTheGraphsScoresAndSimilarItemsFromTheLists()
    {
        var (targets, weights) = NeighbourGraphTests.Tables(new Random(9));
        var artifact = Write("fine", NeighbourGraph.Build(targets, weights, Items, Neighbours));

        using var model = ModelTestHost.Loader().Load(new VersionKey("t", "knn", 1), artifact, static _ => { });

        // Inference: item 4 twice (weights 1 and 2) = 3 × its row; ties at 0 come after, lowest index first.
        var excluded = new bool[Items];
        var best = Enumerable.Range(0, Neighbours - 1).OrderByDescending(c => weights[(4 * Neighbours) + c]).ToArray();
        excluded[targets[(4 * Neighbours) + best[0]]] = true;
        var (indices, scores) = (new int[2], new float[2]);
        model.Run([4, 4], [1f, 2f], 2, 2, new ExcludeMask(excluded), indices, scores);
        Assert.Equal((int)targets[(4 * Neighbours) + best[1]], indices[0]);
        Assert.Equal(3f * weights[(4 * Neighbours) + best[1]], scores[0], 1e-5f);

        // SimilarItems: the row by weight, the excluded neighbour skipped.
        var (similar, similarity) = (new int[5], new float[5]);
        var found = model.Items.MostSimilar(4, i => excluded[i], similar, similarity);
        Assert.Equal(best[1..].Select(c => (int)targets[(4 * Neighbours) + c]), similar[..found]);
        Assert.Equal(best[1..].Select(c => weights[(4 * Neighbours) + c]), similarity[..found]);
    }

    [Fact]
    public void Check_Int64NeighbourIndices_Accepted()
    {
        var (targets, weights) = NeighbourGraphTests.Tables(new Random(2));
        var artifact = Write("wide", NeighbourGraph.Build(targets, weights, Items, Neighbours, default, OnnxElementType.Int64));

        Assert.Equal(Neighbours, ModelTestHost.Loader().Check(artifact).Dimensions);
    }

    [Fact]
    public void Check_IndexOutOfRange_NamesTheInitializerAndEntries()
    {
        var (targets, weights) = NeighbourGraphTests.Tables(new Random(3));
        targets[5] = Items;
        targets[70] = -1;
        var artifact = Write("range", Tables(targets, [Items, Neighbours], weights, [Items, Neighbours]));

        var message = Rejected(artifact);

        Assert.Contains("initializer neighbour_items has 2 indices that are not model item indices (0-24): 25 at row 1, entry 1, -1 at row 17, entry 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WrongRowCountAndColumnsAgainstManifest_ReportsBoth()
    {
        var artifact = Write("shape", Tables(new long[24 * 3], [24, 3], new float[24 * 3], [24, 3]));

        var message = Rejected(artifact);

        Assert.Contains("initializer neighbour_items has 24 rows but items.txt has 25 items", message, StringComparison.Ordinal);
        Assert.Contains("initializer neighbour_weights has 3 columns (neighbours) but manifest.json says dimensions 4", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WeightsMissing_NamesThem()
    {
        var artifact = Write("missing", Tables(new long[Items * Neighbours], [Items, Neighbours], null, []));

        Assert.Contains("model.onnx has no initializer neighbour_weights", Rejected(artifact), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FloatIndicesAndNaNWeight_Refused()
    {
        var b = Scaffold(out var finish);
        b.AddInitializer(ModelContract.NeighbourItems, new float[Items * Neighbours], [Items, Neighbours]);
        b.AddInitializer(ModelContract.NeighbourWeights, new float[Items * Neighbours], [Items, Neighbours]);
        finish();

        Assert.Contains("initializer neighbour_items must be a Int32 or Int64 matrix [items, neighbours], not Float", Rejected(Write("types", b)), StringComparison.Ordinal);

        var (targets, weights) = NeighbourGraphTests.Tables(new Random(4));
        weights[9] = float.NaN;
        Assert.Contains("neighbour_weights has a value that is not a finite number of magnitude at most 1000000 (NaN at row 2, entry 1)", Rejected(Write("nan", Tables(targets, [Items, Neighbours], weights, [Items, Neighbours]))), StringComparison.Ordinal);
    }

    /// <summary>Finite but huge weights would sum to an infinite score for every user whose history holds the item.</summary>
    [Fact]
    public void Check_HugeFiniteWeight_Refused()
    {
        var (targets, weights) = NeighbourGraphTests.Tables(new Random(5));
        weights[3] = -3e30f;

        Assert.Contains("(-3E+30 at row 0, entry 3)", Rejected(Write("huge", Tables(targets, [Items, Neighbours], weights, [Items, Neighbours]))), StringComparison.Ordinal);
    }

    private static string Rejected(string artifact)
    {
        var ex = Assert.Throws<NeuronException>(() => ModelTestHost.Loader().Check(artifact));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        return ex.Message;
    }

    private string Write(string name, OnnxGraphBuilder graph)
    {
        var artifact = dir.Combine(name);
        ArtifactWriter.Write(artifact, graph, [.. Enumerable.Range(0, Items).Select(PlantedModels.ItemId)], new ModelManifest { Recipe = "item-knn", Items = Items, Dimensions = Neighbours });
        return artifact;
    }

    /// <summary>A contract-conforming graph (it ranks by exclude_bias alone) carrying the given tables unchecked, as a foreign writer could.</summary>
    private static OnnxGraphBuilder Tables(long[] targets, long[] targetDims, float[]? weights, long[] weightDims)
    {
        var b = Scaffold(out var finish);
        b.AddInitializer(ModelContract.NeighbourItems, targets, targetDims);
        if (weights is not null)
        {
            b.AddInitializer(ModelContract.NeighbourWeights, weights, weightDims);
        }

        finish();
        return b;
    }

    private static OnnxGraphBuilder Scaffold(out Action finish)
    {
        var b = new OnnxGraphBuilder();
        var history = b.AddInput(ModelContract.HistoryItems, OnnxElementType.Int64, "batch", "history");
        b.AddInput(ModelContract.HistoryWeights, OnnxElementType.Float, "batch", "history");
        var k = b.AddInput(ModelContract.K, OnnxElementType.Int64, 1);
        var exclude = b.AddInput(ModelContract.ExcludeBias, OnnxElementType.Float, Items);
        finish = () =>
        {
            var shape = b.Concat([b.Shape(history, 0, 1), b.AddInitializer("width", [(long)Items], [1])], 0);
            b.TopK(b.Expand(exclude, shape), k, values: ModelContract.TopScores, indices: ModelContract.TopIndices);
            b.AddOutput(ModelContract.TopScores, OnnxElementType.Float, "batch", "k");
            b.AddOutput(ModelContract.TopIndices, OnnxElementType.Int64, "batch", "k");
        };
        return b;
    }

    public void Dispose() => dir.Dispose();
}
