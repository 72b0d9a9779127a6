using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

public sealed partial class LoadedModel
{
    private static readonly string[] OutputNames = [ModelContract.TopScores, ModelContract.TopIndices];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Tenant, string Filter), MaskEntry> masks = new();

    /// <summary>
    /// The exclude mask of one tenant's catalog (at <paramref name="generation"/>) and one filter, built once on first
    /// use however many calls ask at the same time. A newer catalog generation replaces the entry; the cache holds at
    /// most about 256 MiB of masks for this model (at least 4) and starts over when full.
    /// </summary>
    public ExcludeMask GetMask(string tenant, string filter, long generation, Func<ExcludeMask> build)
    {
        var key = (tenant, filter);
        if (masks.TryGetValue(key, out var entry) && entry.Generation == generation)
        {
            return entry.Mask.Value;
        }

        if (masks.Count >= MaxMasks)
        {
            masks.Clear();
        }

        var fresh = new MaskEntry(generation, new Lazy<ExcludeMask>(build));
        return masks.AddOrUpdate(key, fresh, (_, existing) => existing.Generation >= generation ? existing : fresh).Mask.Value;
    }

    private int MaxMasks => (int)Math.Clamp((256L << 20) / Math.Max(1, (long)ItemCount * sizeof(float)), 4, 256);

    private sealed record MaskEntry(long Generation, Lazy<ExcludeMask> Mask);

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
