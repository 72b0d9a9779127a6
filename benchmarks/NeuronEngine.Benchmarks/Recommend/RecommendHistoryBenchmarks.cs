using BenchmarkDotNet.Attributes;
using NeuronEngine.Engine.Recommend;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// The part of a Recommend call before the inference: the user's history from the counters, each item mapped into the
/// model's vocabulary and weighted, seen items collected. The counters keep up to 200 interactions per user and all of
/// them are read (each seen item is excluded), while the model is fed the newest 50 distinct ones.
/// </summary>
[MemoryDiagnoser]
public class RecommendHistoryBenchmarks
{
    private RecommendEnvironment environment = null!;
    private readonly RecommendCall call = new();

    [Params(50, 200)]
    public int Interactions { get; set; }

    [GlobalSetup]
    public void Setup() => environment = new RecommendEnvironment(100_000, users: 1, new RecommendBatchingOptions(), interactions: Interactions);

    [Benchmark]
    public int HistoryToInputs()
    {
        var model = environment.Model;
        call.Prepare(environment.Counters.HistoryLength, model.Manifest.Serving.HistoryLength);
        var entries = environment.Counters.GetHistory(RecommendEnvironment.Tenant, RecommendEnvironment.UserId(0), call.History);
        return environment.Recommender.Feed(model, call, entries);
    }

    [GlobalCleanup]
    public void Cleanup() => environment.Dispose();
}
