using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Engine.Recommend;

/// <summary>
/// Runs Recommend inferences, batching calls for the same model and exclude mask (<see cref="RecommendBatchingOptions"/>).
/// </summary>
/// <remarks>
/// <para>No thread of its own: the first call to find its queue idle runs the batch on its own thread (the leader);
/// calls arriving meanwhile queue up. When the batch is done the leader hands its results out, wakes the oldest
/// waiting call to lead the next batch of whatever queued, and returns to its own caller.</para>
/// <para>A queue belongs to one mask, and a mask to one <see cref="LoadedModel"/>, so a batch never mixes models or
/// masks. Every call holds its own reference on the model, so the model outlives every batch it is in, whatever is
/// promoted meanwhile. Queues live as long as their mask.</para>
/// <para>A call cancelled while it waits leaves the queue at once; once its batch has started it gets its results.</para>
/// </remarks>
internal sealed partial class InferenceBatcher(IOptions<RecommendBatchingOptions> options)
{
    private readonly ConditionalWeakTable<ExcludeMask, BatchQueue> queues = new();
    private readonly bool enabled = options.Value.Enabled;
    private readonly int maxBatch = options.Value.MaxBatch;
    private readonly long maxWaitTicks = (long)(options.Value.MaxWait.TotalSeconds * Stopwatch.Frequency);
    private long batches;
    private long batchedCalls;

    /// <summary>Inferences run through queues so far.</summary>
    internal long Batches => Interlocked.Read(ref batches);

    /// <summary>Calls those inferences served (equal to <see cref="Batches"/> when nothing was ever batched).</summary>
    internal long BatchedCalls => Interlocked.Read(ref batchedCalls);

    /// <summary>The queue of <paramref name="mask"/>'s inferences.</summary>
    internal BatchQueue QueueFor(ExcludeMask mask) => queues.TryGetValue(mask, out var queue) ? queue : queues.GetValue(mask, NewQueue);

    private BatchQueue NewQueue(ExcludeMask mask) => new(maxBatch);

    /// <summary>Fills <paramref name="call"/>'s row (results or <see cref="InferenceRow.Error"/>) from an inference of <paramref name="model"/>.</summary>
    public ValueTask RunAsync(LoadedModel model, ExcludeMask mask, RecommendCall call, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            model.Run(call.Rows, mask);
            return ValueTask.CompletedTask;
        }

        var queue = QueueFor(mask);
        if (queue.TryLeadOrEnqueue(call))
        {
            Lead(queue, model, mask, call);
            return ValueTask.CompletedTask;
        }

        return WaitAsync(queue, model, mask, call, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitAsync(BatchQueue queue, LoadedModel model, ExcludeMask mask, RecommendCall call, CancellationToken cancellationToken)
    {
        bool lead;
        using (cancellationToken.UnsafeRegister(static (state, token) => Cancel((RecommendCall)state!, token), call))
        {
            lead = await call.WaitAsync();
        }

        if (lead)
        {
            Lead(queue, model, mask, call);
        }
    }

    private static void Cancel(RecommendCall call, CancellationToken token)
    {
        if (call.Queue is { } queue && queue.TryRemove(call))
        {
            call.Fail(new OperationCanceledException(token));
        }
    }

    /// <summary>Runs one batch led by <paramref name="leader"/>, hands the results out and passes the lead on.</summary>
    private void Lead(BatchQueue queue, LoadedModel model, ExcludeMask mask, RecommendCall leader)
    {
        var batch = queue.Batch;
        var rows = queue.Rows;
        var count = queue.Take(leader, 0);
        if (maxWaitTicks > 0 && count < maxBatch)
        {
            count = WaitForMore(queue, leader, count);
        }

        Interlocked.Increment(ref batches);
        Interlocked.Add(ref batchedCalls, count);
        Exception? failure = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                rows[i] = batch[i]!.Row;
            }

            model.Run(rows.AsSpan(0, count), mask);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            // Each completion is the last time this batch touches that call: its owner may reuse it at once.
            for (var i = 1; i < count; i++)
            {
                var call = batch[i]!;
                batch[i] = null;
                if (failure is null)
                {
                    call.Signal(lead: false);
                }
                else
                {
                    call.Fail(failure);
                }
            }

            batch[0] = null;
            Array.Clear(rows, 0, count);
            queue.Finish()?.Signal(lead: true);
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Spins for up to <see cref="RecommendBatchingOptions.MaxWait"/> while the batch is not full, taking calls as they queue.</summary>
    private int WaitForMore(BatchQueue queue, RecommendCall leader, int count)
    {
        var deadline = Stopwatch.GetTimestamp() + maxWaitTicks;
        var spinner = default(SpinWait);
        while (count < maxBatch && Stopwatch.GetTimestamp() < deadline)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            count = queue.Take(leader, count);
        }

        return count;
    }
}
