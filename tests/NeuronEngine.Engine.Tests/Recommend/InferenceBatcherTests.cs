using NeuronEngine.Models.Hosting;
using NeuronEngine.Engine.Recommend;
using static NeuronEngine.Engine.Tests.Recommend.RecommendTestEnvironment;

namespace NeuronEngine.Engine.Tests.Recommend;

/// <summary>
/// Batches are made deterministic by holding a queue busy (as a running inference would) while calls queue up behind
/// it, then ending that "inference".
/// </summary>
public sealed class InferenceBatcherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RecommendTestEnvironment env = new();
    private readonly List<LoadedModel> references = [];

    private LoadedModel Acquire()
    {
        var model = env.Host.Acquire(Tenant, Recommender.Production)!;
        references.Add(model);
        return model;
    }

    /// <summary>A call with a seeded history of <paramref name="length"/> items asking for the top <paramref name="k"/>.</summary>
    private static RecommendCall Call(int seed, int length, int k)
    {
        var random = new Random(seed);
        var call = new RecommendCall();
        call.Prepare(historyLength: 200, modelHistory: 50);
        for (var i = 0; i < length; i++)
        {
            call.Row.Items[i] = random.Next(Items);
            call.Row.Weights[i] = 0.5f + (float)random.NextDouble();
        }

        call.Row.Length = length;
        call.Row.SetK(k);
        return call;
    }

    /// <summary>Marks the mask's queue busy, as if an inference for it were running; returns the queue.</summary>
    private static InferenceBatcher.BatchQueue Hold(InferenceBatcher batcher, ExcludeMask mask)
    {
        var queue = batcher.QueueFor(mask);
        Assert.True(queue.TryLeadOrEnqueue(new RecommendCall()));
        return queue;
    }

    /// <summary>Ends the held "inference": the oldest queued call leads the next batch.</summary>
    private static void Release(InferenceBatcher.BatchQueue queue) => queue.Finish()!.Signal(lead: true);

    private static Task Run(InferenceBatcher batcher, LoadedModel model, ExcludeMask mask, RecommendCall call, CancellationToken cancellationToken = default) =>
        batcher.RunAsync(model, mask, call, cancellationToken).AsTask();

    /// <summary>
    /// Asserts the call's row holds what an inference of its row alone returns: the same items in the same order, scores
    /// equal up to float rounding (a batch of rows may take another matrix kernel than one row).
    /// </summary>
    private static void AssertSameAsAlone(LoadedModel model, ExcludeMask mask, RecommendCall call)
    {
        var row = call.Row;
        Assert.Null(row.Error);
        var (indices, scores) = (new int[row.K], new float[row.K]);
        model.Run(row.Items, row.Weights, row.Length, row.K, mask, indices, scores);
        Assert.Equal(indices, row.Indices.AsSpan(0, row.K).ToArray());
        for (var i = 0; i < row.K; i++)
        {
            Assert.Equal(scores[i], row.Scores[i], tolerance: 1e-4f);
        }
    }

    private static ExcludeMask EveryNthExcluded(int n) => new([.. Enumerable.Range(0, Items).Select(i => i % n == 0)]);

    [Fact]
    public async Task RunAsync_CallsQueuedBehindARunningInference_OneBatchAndEachRowAsAlone()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(7);
        var batcher = env.Batcher();
        var queue = Hold(batcher, mask);
        RecommendCall[] calls = [.. Enumerable.Range(0, 10).Select(i => Call(seed: i, length: 1 + (i * 11 % 50), k: 1 + (i * 13 % 60)))];

        var pending = calls.Select(c => Run(batcher, model, mask, c)).ToArray();
        Assert.All(pending, t => Assert.False(t.IsCompleted));
        Release(queue);
        await Task.WhenAll(pending).WaitAsync(Timeout);

        Assert.Equal((1, 10), (batcher.Batches, batcher.BatchedCalls));
        Assert.All(calls, c => AssertSameAsAlone(model, mask, c));
        Assert.All(calls, c => Assert.DoesNotContain(c.Row.Indices.AsSpan(0, c.Row.K).ToArray(), i => i % 7 == 0));
    }

    [Fact]
    public async Task RunAsync_DifferentMasks_NeverShareABatch()
    {
        var model = Acquire();
        var (maskA, maskB) = (EveryNthExcluded(2), EveryNthExcluded(3));
        var batcher = env.Batcher();
        var (queueA, queueB) = (Hold(batcher, maskA), Hold(batcher, maskB));
        RecommendCall[] callsA = [Call(1, 5, 10), Call(2, 9, 10), Call(3, 20, 10)];
        RecommendCall[] callsB = [Call(1, 5, 10), Call(2, 9, 10)];
        var pendingA = callsA.Select(c => Run(batcher, model, maskA, c)).ToArray();
        var pendingB = callsB.Select(c => Run(batcher, model, maskB, c)).ToArray();

        Release(queueA);
        await Task.WhenAll(pendingA).WaitAsync(Timeout);
        Assert.Equal((1, 3), (batcher.Batches, batcher.BatchedCalls));
        Assert.All(pendingB, t => Assert.False(t.IsCompleted));

        Release(queueB);
        await Task.WhenAll(pendingB).WaitAsync(Timeout);
        Assert.Equal((2, 5), (batcher.Batches, batcher.BatchedCalls));
        Assert.All(callsA, c => AssertSameAsAlone(model, maskA, c));
        Assert.All(callsB, c => AssertSameAsAlone(model, maskB, c));
        Assert.All(callsA, c => Assert.All(c.Row.Indices.AsSpan(0, 10).ToArray(), i => Assert.NotEqual(0, i % 2)));
        Assert.All(callsB, c => Assert.All(c.Row.Indices.AsSpan(0, 10).ToArray(), i => Assert.NotEqual(0, i % 3)));
    }

    [Fact]
    public async Task RunAsync_CallCancelledWhileQueued_LeavesAtOnceAndTheOthersGetTheirResults()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(5);
        var batcher = env.Batcher();
        var queue = Hold(batcher, mask);
        RecommendCall[] calls = [Call(1, 3, 5), Call(2, 4, 6), Call(3, 5, 7)];
        using var cancel = new CancellationTokenSource();
        var first = Run(batcher, model, mask, calls[0]);
        var cancelled = Run(batcher, model, mask, calls[1], cancel.Token);
        var last = Run(batcher, model, mask, calls[2]);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.False(first.IsCompleted);

        Release(queue);
        await Task.WhenAll(first, last).WaitAsync(Timeout);
        Assert.Equal((1, 2), (batcher.Batches, batcher.BatchedCalls));
        AssertSameAsAlone(model, mask, calls[0]);
        AssertSameAsAlone(model, mask, calls[2]);
    }

    [Fact]
    public async Task RunAsync_MoreCallsQueuedThanMaxBatch_SeveralBatchesAllAsAlone()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(11);
        var batcher = env.Batcher(maxBatch: 4);
        var queue = Hold(batcher, mask);
        RecommendCall[] calls = [.. Enumerable.Range(0, 10).Select(i => Call(i, 1 + i, 3 + i))];

        var pending = calls.Select(c => Run(batcher, model, mask, c)).ToArray();
        Release(queue);
        await Task.WhenAll(pending).WaitAsync(Timeout);

        Assert.Equal((3, 10), (batcher.Batches, batcher.BatchedCalls));
        Assert.All(calls, c => AssertSameAsAlone(model, mask, c));
    }

    [Fact]
    public void RunAsync_LoneCall_RunsInlineWithoutWaiting()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(3);
        var batcher = env.Batcher();
        var call = Call(5, 12, 9);

        Assert.True(batcher.RunAsync(model, mask, call, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal((1, 1), (batcher.Batches, batcher.BatchedCalls));
        AssertSameAsAlone(model, mask, call);
    }

    [Fact]
    public void RunAsync_Disabled_RunsInlineEvenWhileAnotherInferenceRuns()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(3);
        var batcher = env.Batcher(enabled: false);
        Hold(batcher, mask);
        var call = Call(5, 12, 9);

        Assert.True(batcher.RunAsync(model, mask, call, CancellationToken.None).IsCompletedSuccessfully);
        Assert.Equal(0, batcher.Batches);
        AssertSameAsAlone(model, mask, call);
    }

    [Fact]
    public async Task RunAsync_PromotionWhileCallsWaitForABatch_BatchRunsOnTheirModelWhichIsDisposedAfterThem()
    {
        var v1 = env.Host.Acquire(Tenant, Recommender.Production)!;
        var mask = EveryNthExcluded(4);
        var batcher = env.Batcher();
        var queue = Hold(batcher, mask);
        RecommendCall[] calls = [Call(1, 10, 8), Call(2, 30, 12), Call(3, 50, 4)];
        var pending = calls.Select(c => Run(batcher, v1, mask, c)).ToArray();

        env.Promote(2);
        var v2 = Acquire();
        Assert.Equal(2, v2.Key.Version);
        Assert.False(v1.IsDisposed);

        Release(queue);
        await Task.WhenAll(pending).WaitAsync(Timeout);
        Assert.All(calls, c => AssertSameAsAlone(v1, mask, c));
        Assert.False(v1.IsDisposed);
        v1.Release();
        Assert.True(v1.IsDisposed);
    }

    /// <summary>A batch that throws must still hand every call its outcome and free the queue, or every later call would hang.</summary>
    [Fact]
    public async Task RunAsync_BatchThrows_EveryCallFailsAndTheQueueServesTheNextCall()
    {
        var model = Acquire();
        var mask = EveryNthExcluded(3);
        var batcher = env.Batcher();
        var queue = Hold(batcher, mask);
        var broken = Call(1, 5, 5);
        broken.Row.Length = 0;
        var pending = new[] { Run(batcher, model, mask, Call(2, 5, 5)), Run(batcher, model, mask, broken) };

        Release(queue);
        foreach (var task in pending)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => task.WaitAsync(Timeout));
        }

        var next = Call(3, 5, 5);
        await Run(batcher, model, mask, next).WaitAsync(Timeout);
        AssertSameAsAlone(model, mask, next);
    }

    public void Dispose()
    {
        foreach (var model in references)
        {
            model.Release();
        }

        env.Dispose();
    }
}
