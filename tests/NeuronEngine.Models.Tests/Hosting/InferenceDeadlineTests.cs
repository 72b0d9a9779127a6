using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>Runs alone: one of its tests holds every thread-pool thread, which would stall the tests beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InferenceDeadlineCollection
{
    public const string Name = "Inference deadlines (holds the thread pool)";
}

/// <summary>
/// <c>Inference:RunTimeout</c>: a run past its deadline is stopped (UNAVAILABLE for its callers) and its buffers serve the
/// next run, also when every thread-pool thread is blocked, as it is when runs pile up under load.
/// </summary>
[Collection(InferenceDeadlineCollection.Name)]
public sealed class InferenceDeadlineTests : IDisposable
{
    private const int Items = 40;
    private readonly TempDirectory dir = new("deadline");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Run_PastItsDeadline_StoppedUnavailableAndTheNextRunWorks()
    {
        using var loader = ModelTestHost.Loader(configure: o => (o.RunTimeout, o.WarmupBatch) = (TimeSpan.FromMilliseconds(50), 0));
        using var model = loader.Load(new VersionKey("t", "slow", 1), SlowModel(), static _ => { });

        RunsPastItsDeadline(model);
    }

    [Fact]
    public void Run_PastItsDeadline_EveryPoolThreadBlocked_StillStopped()
    {
        using var loader = ModelTestHost.Loader(configure: o => (o.RunTimeout, o.WarmupBatch) = (TimeSpan.FromMilliseconds(50), 0));
        using var model = loader.Load(new VersionKey("t", "slow", 1), SlowModel(), static _ => { });

        // The pool is capped at the threads it has now and every one of them blocks, with more blocking items queued: for
        // the length of the run nothing queued to the pool runs (a pool timer's callback included).
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var holding = Math.Max(ThreadPool.ThreadCount, minWorkers);
        Assert.True(ThreadPool.SetMaxThreads(holding, maxIo), "the pool could not be capped");
        var release = new ManualResetEventSlim();
        var (started, finished) = (0, 0);
        var queued = holding + 64;
        try
        {
            for (var i = 0; i < queued; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    _ =>
                    {
                        Interlocked.Increment(ref started);
                        release.Wait();
                        Interlocked.Increment(ref finished);
                    },
                    null);
            }

            // A pool thread busy elsewhere (the test runner's) takes no item; it only makes this test weaker, so wait a while, not for it.
            SpinWait.SpinUntil(() => Volatile.Read(ref started) >= holding, TimeSpan.FromSeconds(5));
            RunsPastItsDeadline(model);
        }
        finally
        {
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            release.Set();
            if (SpinWait.SpinUntil(() => Volatile.Read(ref finished) == queued, TimeSpan.FromSeconds(60)))
            {
                release.Dispose();
            }
        }
    }

    /// <summary>
    /// A legitimately slow model: pooled history with eight 2048-wide dense layers, fast for one row and seconds for 4096
    /// (each layer alone outlasts the 50 ms deadline). At 1024 wide a quiet machine ran the whole batch in under a second.
    /// </summary>
    private string SlowModel()
    {
        const int width = 2048;
        var artifact = dir.Combine("slow");
        PlantedModels.Write(artifact, Items);
        Assert.True(OnnxModelFile.Read(Path.Combine(artifact, ModelContract.ModelFile)).TryGetInitializer(ModelContract.ItemEmbeddings, out var table));
        var random = new Random(7);
        float[] Weights(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.01f)];
        List<PooledHistoryGraph.DenseLayer> layers = [new(Weights(width * 4), new float[width], 4, width, Relu: true)];
        for (var i = 0; i < 8; i++)
        {
            layers.Add(new(Weights(width * width), new float[width], width, width, Relu: true));
        }

        layers.Add(new(Weights(4 * width), new float[4], width, 4, Relu: false));
        PooledHistoryGraph.Build(table.ToFloatArray(), Items, 4, layers: layers).Save(Path.Combine(artifact, ModelContract.ModelFile));
        return artifact;
    }

    /// <summary>4096 rows at once are stopped, every row UNAVAILABLE; the same buffers (RunOptions reset) serve a small run next.</summary>
    private static void RunsPastItsDeadline(LoadedModel model)
    {
        var mask = new ExcludeMask(new bool[Items]);
        var rows = Enumerable.Range(0, 4096).Select(r => Row(r % Items, 10)).ToArray();

        model.Run(rows, mask);

        Assert.All(rows, r => Assert.Equal(ErrorKind.Unavailable, r.Error?.Kind));
        Assert.Contains("running past its deadline of 50 ms (Inference:RunTimeout)", rows[0].Error!.Message, StringComparison.Ordinal);

        var indices = new int[10];
        model.Run([1], [1f], 1, 10, mask, indices, new float[10]);
        Assert.All(indices, i => Assert.InRange(i, 0, Items - 1));
    }

    private static InferenceRow Row(long item, int k)
    {
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(1);
        row.Items[0] = item;
        row.Weights[0] = 1f;
        row.Length = 1;
        row.SetK(k);
        return row;
    }
}
