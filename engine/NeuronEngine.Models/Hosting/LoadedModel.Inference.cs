using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    private static readonly string[] OutputNames = [ModelContract.TopScores, ModelContract.TopIndices];

    /// <summary>
    /// Scores every item for each row in one inference (one pass over the item table for the whole batch) and writes
    /// each row's top <see cref="InferenceRow.K"/> into it. Rows are padded to the longest history with weight 0 and
    /// the model returns the largest k asked for; a row reads the first K of it (the top k of a longer top-k list).
    /// </summary>
    /// <remarks>
    /// A row whose output breaks the model contract gets its own <see cref="InferenceRow.Error"/>; the other rows are
    /// unaffected. When a batch of several rows fails as a whole, each row is run alone, so every row ends up with
    /// what it would have got by itself. Thread-safe; concurrent runs use separate pooled buffers.
    /// </remarks>
    public void Run(ReadOnlySpan<InferenceRow> rows, ExcludeMask exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        if (rows.IsEmpty)
        {
            return;
        }

        var history = 0;
        var k = 0;
        foreach (var row in rows)
        {
            if (row.Length < 1 || row.Length > row.Items.Length || row.K < 1 || row.K > ItemCount)
            {
                throw new ArgumentException($"a row needs 1 ≤ history ≤ its buffer and 1 ≤ k ≤ {ItemCount} items (got history {row.Length}, k {row.K})", nameof(rows));
            }

            history = Math.Max(history, row.Length);
            k = Math.Max(k, row.K);
        }

        var buffers = RentBuffers(rows.Length * history);
        try
        {
            var items = buffers.Items;
            var weights = buffers.Weights;
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                var offset = r * history;
                row.Items.AsSpan(0, row.Length).CopyTo(items[offset..]);
                row.Weights.AsSpan(0, row.Length).CopyTo(weights[offset..]);

                // The contract's padding: any valid index with weight 0 adds nothing to the pooled history.
                items.Slice(offset + row.Length, history - row.Length).Clear();
                weights.Slice(offset + row.Length, history - row.Length).Clear();
            }

            if (!TryRunBatch(buffers, rows, history, k, exclude, out var failure))
            {
                // A stopped batch is not retried row by row: that would stall the callers once per row.
                if (rows.Length == 1 || failure!.Kind == ErrorKind.Unavailable)
                {
                    foreach (var row in rows)
                    {
                        row.Error = failure;
                    }

                    return;
                }

                for (var r = 0; r < rows.Length; r++)
                {
                    Run(rows.Slice(r, 1), exclude);
                }
            }
        }
        finally
        {
            ReturnBuffers(buffers);
        }
    }

    /// <summary>
    /// One row: the top <paramref name="k"/> for a history of <paramref name="length"/> entries. Throws a
    /// <see cref="NeuronException"/> (<see cref="ErrorKind.Internal"/>) when the model breaks its contract.
    /// </summary>
    public void Run(long[] historyItems, float[] historyWeights, int length, int k, ExcludeMask exclude, Span<int> indices, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(historyItems);
        ArgumentNullException.ThrowIfNull(historyWeights);
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(length);
        historyItems.AsSpan(0, length).CopyTo(row.Items);
        historyWeights.AsSpan(0, length).CopyTo(row.Weights);
        row.Length = length;
        row.SetK(k);
        Run(new ReadOnlySpan<InferenceRow>(in row), exclude);
        if (row.Error is { } error)
        {
            throw error;
        }

        row.Indices.AsSpan(0, k).CopyTo(indices);
        row.Scores.AsSpan(0, k).CopyTo(scores);
    }

    /// <summary>Runs the packed batch; false (with the reason) when the run failed or its outputs do not have the contract's shape.</summary>
    private bool TryRunBatch(InferenceBuffers buffers, ReadOnlySpan<InferenceRow> rows, int history, int k, ExcludeMask exclude, out NeuronException? failure)
    {
        if (buffers.Bound is { } bound)
        {
            return TryRunBound(buffers, bound, rows, history, k, exclude, out failure);
        }

        buffers.BindInputs(rows.Length, history, k, exclude);
        buffers.StartDeadline(runTimeoutTicks);
        try
        {
            using var outputs = session.Run(buffers.RunOptions, InferenceBuffers.InputNames, buffers.Inputs, OutputNames);
            return TryCopyRows(rows, k, outputs[0].GetTensorDataAsSpan<float>(), outputs[1].GetTensorDataAsSpan<long>(), out failure);
        }
        catch (OnnxRuntimeException ex)
        {
            failure = RunFailed(buffers, ex);
            return false;
        }
        finally
        {
            buffers.EndDeadline();
            buffers.ReleaseInputs();
        }
    }

    /// <summary>
    /// The batch through IO binding (<see cref="BoundInference"/>): on CUDA the history goes to the device, the graph
    /// scores and takes the top k there, and only [rows, k] comes back.
    /// </summary>
    private bool TryRunBound(InferenceBuffers buffers, BoundInference bound, ReadOnlySpan<InferenceRow> rows, int history, int k, ExcludeMask exclude, out NeuronException? failure)
    {
        buffers.SetK(k);
        buffers.StartDeadline(runTimeoutTicks);
        try
        {
            bound.Run(session, buffers.RunOptions, rows.Length, history, buffers.K, k, exclude);
            var count = rows.Length * k;
            return TryCopyRows(rows, k, bound.TopScores(count), bound.TopIndices(count), out failure);
        }
        catch (OnnxRuntimeException ex)
        {
            failure = RunFailed(buffers, ex);
            return false;
        }
        finally
        {
            buffers.EndDeadline();
        }
    }

    /// <summary>Checks the outputs' size and hands each row its top k; false (with the reason) when they break the contract.</summary>
    private bool TryCopyRows(ReadOnlySpan<InferenceRow> rows, int k, ReadOnlySpan<float> topScores, ReadOnlySpan<long> topIndices, out NeuronException? failure)
    {
        // The load-time check ran the model, but outputs can depend on the inputs: never index with what it returns unchecked.
        failure = null;
        var expected = (long)rows.Length * k;
        if (topScores.Length != expected || topIndices.Length != expected)
        {
            failure = BrokeContract($"it returned {Math.Min(topScores.Length, topIndices.Length) / rows.Length} results per row for k = {k}");
            return false;
        }

        for (var r = 0; r < rows.Length; r++)
        {
            CopyRow(rows[r], topScores.Slice(r * k, k), topIndices.Slice(r * k, k));
        }

        return true;
    }

    /// <summary>
    /// Unavailable when the watchdog stopped the run, like a model being swapped: this call failed for now, and the
    /// caller did nothing wrong. Internal otherwise.
    /// </summary>
    private NeuronException RunFailed(InferenceBuffers buffers, OnnxRuntimeException ex) =>
        buffers.EndDeadline()
            ? NeuronException.Unavailable($"model {Key} was stopped after running past its deadline of {RunTimeout.TotalMilliseconds:0} ms ({InferenceOptions.SectionName}:{nameof(InferenceOptions.RunTimeout)})")
            : new NeuronException(ErrorKind.Internal, $"model {Key} failed at inference: {ModelLoader.FirstLine(ex.Message)}");

    private void CopyRow(InferenceRow row, ReadOnlySpan<float> scores, ReadOnlySpan<long> indices)
    {
        for (var i = 0; i < row.K; i++)
        {
            var index = indices[i];
            if ((ulong)index >= (ulong)ItemCount)
            {
                row.Error = BrokeContract($"it returned item index {index} (it has {ItemCount} items)");
                return;
            }

            row.Scores[i] = scores[i];
            row.Indices[i] = (int)index;
        }
    }

    /// <summary>
    /// Internal, not InvalidArgument: the caller did nothing wrong and retrying will not help; the message stays in the
    /// server's log, and clients see a generic error.
    /// </summary>
    private NeuronException BrokeContract(string what) =>
        new(ErrorKind.Internal, $"model {Key} broke the model contract at inference: {what}");
}
