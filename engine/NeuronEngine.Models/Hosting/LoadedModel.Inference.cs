using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    private static readonly string[] OutputNames = [ModelContract.TopScores, ModelContract.TopIndices];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, ExcludeMask> masks = new();

    /// <summary>
    /// The exclude mask for <paramref name="key"/> (a tenant, its catalog generation and a filter), built on first use.
    /// Masks live as long as the model; the cache is emptied when it grows past 256 entries.
    /// </summary>
    public ExcludeMask GetMask<TKey>(TKey key, Func<TKey, LoadedModel, ExcludeMask> build)
        where TKey : notnull
    {
        if (masks.TryGetValue(key, out var mask))
        {
            return mask;
        }

        if (masks.Count >= 256)
        {
            masks.Clear();
        }

        return masks.GetOrAdd(key, k => build((TKey)k, this));
    }

    /// <summary>
    /// Runs the model for one user: <paramref name="historyItems"/> and <paramref name="historyWeights"/> (same length ≥ 1)
    /// in, the top <paramref name="k"/> item indices and scores out, written to <paramref name="indices"/> and
    /// <paramref name="scores"/> (each at least k long). Items whose bias is −∞ come last with score −∞.
    /// </summary>
    /// <remarks>The caller holds a reference (<see cref="TryAcquire"/>). Thread-safe: ONNX Runtime sessions run concurrently.</remarks>
    public void Run(long[] historyItems, float[] historyWeights, int length, int k, ExcludeMask exclude, Span<int> indices, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var shape = new long[] { 1, length };
        using var items = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, historyItems.AsMemory(0, length), shape);
        using var weights = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, historyWeights.AsMemory(0, length), shape);
        using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
        using var bias = OrtValue.CreateTensorValueFromMemory(exclude.Bias, [exclude.Bias.Length]);
        var inputs = new Dictionary<string, OrtValue>(4, StringComparer.Ordinal)
        {
            [ModelContract.HistoryItems] = items,
            [ModelContract.HistoryWeights] = weights,
            [ModelContract.K] = kValue,
            [ModelContract.ExcludeBias] = bias,
        };
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, OutputNames);
        var topScores = outputs[0].GetTensorDataAsSpan<float>();
        var topIndices = outputs[1].GetTensorDataAsSpan<long>();

        // The load-time check ran the model, but outputs can depend on the inputs: never index with what it returns unchecked.
        if (topScores.Length < k || topIndices.Length < k)
        {
            throw BrokeContract($"it returned {Math.Min(topScores.Length, topIndices.Length)} results for k = {k}");
        }

        for (var i = 0; i < k; i++)
        {
            var index = topIndices[i];
            if ((ulong)index >= (ulong)ItemCount)
            {
                throw BrokeContract($"it returned item index {index} (it has {ItemCount} items)");
            }

            scores[i] = topScores[i];
            indices[i] = (int)index;
        }
    }

    /// <summary>
    /// Internal, not InvalidArgument: the caller did nothing wrong and retrying will not help; the message stays in the
    /// server's log, and clients see a generic error.
    /// </summary>
    private NeuronException BrokeContract(string what) =>
        new(ErrorKind.Internal, $"model {Key} broke the model contract at inference: {what}");
}
