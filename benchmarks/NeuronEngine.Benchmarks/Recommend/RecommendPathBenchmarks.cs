using BenchmarkDotNet.Attributes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Engine.Recommend;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// One Recommend call at a time, the whole path in-process (history lookup → model inputs → inference with top-k →
/// seen filtering → response), against a bare inference of the same model with the same inputs, for a user with 50
/// interactions. Allocated bytes per call are the point of <see cref="RecommendPath"/>: the response and nothing else.
/// </summary>
[MemoryDiagnoser]
public class RecommendPathBenchmarks
{
    private readonly RecommendRequest request = new() { UserId = RecommendEnvironment.UserId(0), Count = 10 };
    private RecommendEnvironment environment = null!;
    private InferenceRow[] row = [];
    private ExcludeMask mask = null!;

    [Params(100_000, 1_000_000)]
    public int Items { get; set; }

    [Params(ScoringPrecision.Float32, ScoringPrecision.Int8)]
    public ScoringPrecision Scoring { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        environment = new RecommendEnvironment(Items, users: 1, new RecommendBatchingOptions(), scoring: Scoring);
        row = [environment.RowFor(0, 10)];
        mask = new ExcludeMask(new bool[Items]);
        if (RecommendPath() != 10)
        {
            throw new InvalidOperationException("the path did not recommend 10 items");
        }
    }

    [Benchmark(Baseline = true)]
    public int BareInference()
    {
        environment.Model.Run(row, mask);
        return row[0].Indices[0];
    }

    [Benchmark]
    public int RecommendPath()
    {
        // A lone caller runs its inference inline: the call completes before it returns.
        var pending = environment.Recommender.RecommendAsync(RecommendEnvironment.Tenant, request, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result.Items.Count : throw new InvalidOperationException("a lone call did not complete inline");
    }

    [GlobalCleanup]
    public void Cleanup() => environment.Dispose();
}
