using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Runs a model and checks what it returns against the contract: for k = 1, a middle k and k = items, both outputs are
/// [1, k], every index is a model item index and the scores never rise. A model that ignores <c>k</c> or returns
/// foreign indices passes the signature check but would fail (or mis-serve) every call that depends on it.
/// </summary>
internal static class ModelOutputCheck
{
    private static readonly string[] OutputNames = [ModelContract.TopScores, ModelContract.TopIndices];

    /// <summary>Each of the (up to three) inferences is stopped after <paramref name="timeout"/>.</summary>
    public static void Check(InferenceSession session, int items, TimeSpan timeout, List<string> errors)
    {
        var bias = new float[items];
        foreach (var k in new SortedSet<int> { 1, Math.Max(1, items / 2), items })
        {
            // Not the hot path: a timer per run is fine here (serving shares one watchdog instead).
            using var runOptions = new RunOptions();
            using var deadline = new CancellationTokenSource(timeout);
            using var stop = deadline.Token.Register(() => runOptions.Terminate = true);
            try
            {
                if (CheckOne(session, items, k, bias, runOptions) is { } problem)
                {
                    errors.Add($"{ModelContract.ModelFile}: with k = {k} (items = {items}) {problem}");
                    return;
                }
            }
            catch (OnnxRuntimeException) when (deadline.IsCancellationRequested)
            {
                errors.Add($"{ModelContract.ModelFile}: inference with k = {k} did not finish within {timeout.TotalMilliseconds:0} ms ({InferenceOptions.SectionName}:{nameof(InferenceOptions.CheckTimeout)})");
                return;
            }
            catch (OnnxRuntimeException ex)
            {
                errors.Add($"{ModelContract.ModelFile}: inference with k = {k} failed: {ModelLoader.FirstLine(ex.Message)}");
                return;
            }
        }
    }

    private static string? CheckOne(InferenceSession session, int items, int k, float[] bias, RunOptions runOptions)
    {
        // One interaction with item 0: any valid history will do, the check is about the outputs' form.
        long[] historyItem = [0];
        float[] historyWeight = [1f];
        using var history = OrtValue.CreateTensorValueFromMemory(historyItem, [1, 1]);
        using var weights = OrtValue.CreateTensorValueFromMemory(historyWeight, [1, 1]);
        using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
        using var exclude = OrtValue.CreateTensorValueFromMemory(bias, [items]);
        var inputs = new Dictionary<string, OrtValue>(4, StringComparer.Ordinal)
        {
            [ModelContract.HistoryItems] = history,
            [ModelContract.HistoryWeights] = weights,
            [ModelContract.K] = kValue,
            [ModelContract.ExcludeBias] = exclude,
        };
        using var outputs = session.Run(runOptions, inputs, OutputNames);
        for (var o = 0; o < OutputNames.Length; o++)
        {
            var shape = outputs[o].GetTensorTypeAndShape().Shape;
            if (shape is not [1, var columns] || columns != k)
            {
                return $"{OutputNames[o]} has shape [{string.Join(", ", shape)}], not [1, {k}] (does the model use its k input?)";
            }
        }

        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var indices = outputs[1].GetTensorDataAsSpan<long>();
        for (var i = 0; i < k; i++)
        {
            if (indices[i] < 0 || indices[i] >= items)
            {
                return $"{ModelContract.TopIndices}[0, {i}] is {indices[i]}, not a model item index (0-{items - 1})";
            }

            if (float.IsNaN(scores[i]))
            {
                return $"{ModelContract.TopScores}[0, {i}] is NaN";
            }

            if (i > 0 && scores[i] > scores[i - 1])
            {
                return $"{ModelContract.TopScores} is not in descending order ({scores[i - 1]} then {scores[i]} at {i})";
            }
        }

        return null;
    }
}
