using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Trainer.Export;

/// <summary>
/// Runs an exported <c>model.onnx</c> in ONNX Runtime the way the engine does: histories in the contract's input
/// shape, a <c>k</c>, no items excluded; returns the top k scores and indices per row.
/// </summary>
/// <remarks>Not thread-safe: one caller at a time.</remarks>
internal sealed class OnnxScorer : IDisposable
{
    private static readonly string[] OutputNames = [ModelContract.TopScores, ModelContract.TopIndices];

    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private readonly float[] exclude;

    /// <param name="modelPath">The <c>model.onnx</c>.</param>
    /// <param name="items">The catalog size (the exclude mask's length).</param>
    /// <param name="threads">ONNX Runtime intra-op threads.</param>
    /// <exception cref="NeuronException">DataLoss when ONNX Runtime cannot load the model.</exception>
    public OnnxScorer(string modelPath, int items, int threads = 1)
    {
        options = new SessionOptions { IntraOpNumThreads = threads };
        try
        {
            session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw NeuronException.DataLoss($"ONNX Runtime cannot run the exported model (it does not load): {e.Message}", e);
        }

        exclude = new float[items];
    }

    /// <summary>The top <paramref name="k"/> of each of <paramref name="batch"/> rows of <paramref name="width"/> history entries.</summary>
    /// <exception cref="NeuronException">DataLoss when ONNX Runtime cannot run the model or returns the wrong shape.</exception>
    public (float[] Scores, long[] Indices) Run(long[] items, float[] weights, int batch, int width, int k)
    {
        try
        {
            long[] shape = [batch, width];
            using var itemValue = OrtValue.CreateTensorValueFromMemory(items, shape);
            using var weightValue = OrtValue.CreateTensorValueFromMemory(weights, shape);
            using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
            using var exclude = OrtValue.CreateTensorValueFromMemory(this.exclude, [this.exclude.Length]);
            var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
            {
                [ModelContract.HistoryItems] = itemValue,
                [ModelContract.HistoryWeights] = weightValue,
                [ModelContract.K] = kValue,
                [ModelContract.ExcludeBias] = exclude,
            };
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs, OutputNames);
            var scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var indices = outputs[1].GetTensorDataAsSpan<long>().ToArray();
            if (scores.Length != batch * k || indices.Length != batch * k)
            {
                throw NeuronException.DataLoss($"the model returned {scores.Length} scores for {batch} users × k = {k}");
            }

            return (scores, indices);
        }
        catch (OnnxRuntimeException e)
        {
            throw NeuronException.DataLoss($"ONNX Runtime cannot run the exported model: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
    }
}
