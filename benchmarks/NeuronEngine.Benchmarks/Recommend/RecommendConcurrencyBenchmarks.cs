using BenchmarkDotNet.Attributes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Recommend;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// <see cref="Callers"/> Recommend calls for different users fired at once through one <see cref="Recommender"/> and
/// awaited, with micro-batching on and off (100k items × 64). Figures are per call (OperationsPerInvoke); allocations
/// include the benchmark's own Task per caller.
/// </summary>
[MemoryDiagnoser]
public class RecommendConcurrencyBenchmarks
{
    private const int MaxCallers = 32;
    private RecommendEnvironment environment = null!;
    private RecommendRequest[] requests = [];
    private Task<int>[] tasks = [];

    [Params(false, true)]
    public bool Batching { get; set; }

    [Params(1, 8, 32)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        environment = new RecommendEnvironment(100_000, MaxCallers, new RecommendBatchingOptions { Enabled = Batching });
        requests = [.. Enumerable.Range(0, MaxCallers).Select(u => new RecommendRequest { UserId = RecommendEnvironment.UserId(u), Count = 10 })];
        tasks = new Task<int>[MaxCallers];
        Concurrent();
        if (tasks.Take(Callers).Any(t => t.Result != 10))
        {
            throw new InvalidOperationException("a caller did not get 10 items");
        }
    }

    [Benchmark(OperationsPerInvoke = MaxCallers)]
    public void Concurrent()
    {
        // Whole rounds of Callers up to MaxCallers calls, so every parameter set makes the same number of calls.
        for (var round = 0; round < MaxCallers / Callers; round++)
        {
            for (var i = 0; i < Callers; i++)
            {
                var request = requests[i];
                tasks[i] = Task.Run(() => Call(request));
            }

            Task.WaitAll(tasks.AsSpan(0, Callers));
        }
    }

    private async Task<int> Call(RecommendRequest request) =>
        (await environment.Recommender.RecommendAsync(RecommendEnvironment.Tenant, request, CancellationToken.None)).Items.Count;

    [GlobalCleanup]
    public void Cleanup() => environment.Dispose();
}
