using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Onnx;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// One inference of a neighbour model (<see cref="NeighbourGraph"/>: gather K neighbours per history item, scatter-add
/// into the catalog, top k) through the real loader and <see cref="LoadedModel"/> (2 intra-op threads), batch 1, k =
/// 10 + history as the Recommend path asks, with the neighbour indices stored as int32 (what the graph writes) or int64.
/// </summary>
/// <remarks>Random tables: each entry a uniformly random item with a random weight, so a history's H × K entries land on distinct items (the scatter's worst case).</remarks>
[MemoryDiagnoser]
public class NeighbourGraphBenchmarks
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "neuron-bench-neighbours-" + Guid.NewGuid().ToString("N"));
    private ModelHost host = null!;
    private LoadedModel model = null!;
    private InferenceRow[] row = [];
    private ExcludeMask mask = null!;

    [Params(100_000, 1_000_000)]
    public int Items { get; set; }

    [Params(50)]
    public int Neighbours { get; set; }

    [Params(50, 200)]
    public int History { get; set; }

    [Params(OnnxElementType.Int32, OnnxElementType.Int64)]
    public OnnxElementType IndexType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(17);
        var targets = new long[(long)Items * Neighbours];
        var weights = new float[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = random.Next(Items);
            weights[i] = (float)random.NextDouble();
        }

        var artifact = Path.Combine(directory, "artifact");
        ArtifactWriter.Write(artifact, NeighbourGraph.Build(targets, weights, Items, Neighbours, default, IndexType), [.. Enumerable.Range(0, Items).Select(i => "item-" + i)],
            new ModelManifest { Recipe = "item-knn", Items = Items, Dimensions = Neighbours, Serving = new ServingParameters { HistoryLength = History } });
        var inference = Options.Create(new InferenceOptions { Provider = "cpu" });
        host = new ModelHost(new ModelLoader(new ExecutionProviders(inference, NullLogger<ExecutionProviders>.Instance), inference, NullLogger<ModelLoader>.Instance), NullLogger<ModelHost>.Instance);
        var key = new VersionKey("bench", "knn", 1);
        host.PromoteAsync("bench", "production", key, artifact, CancellationToken.None).GetAwaiter().GetResult();
        model = host.Acquire("bench", "production")!;

        var input = new InferenceRow();
        input.EnsureHistoryCapacity(History);
        for (var h = 0; h < History; h++)
        {
            input.Items[h] = random.Next(Items);
            input.Weights[h] = 1f + (float)random.NextDouble();
        }

        input.Length = History;
        input.SetK(10 + History);
        row = [input];
        mask = new ExcludeMask(new bool[Items]);
    }

    [Benchmark]
    public int Inference()
    {
        model.Run(row, mask);
        return row[0].Indices[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        model.Release();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
