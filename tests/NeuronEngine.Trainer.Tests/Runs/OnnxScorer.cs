using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Tests.Runs;

/// <summary>Scores users through an exported model.onnx with the contract's inputs (k = every item), as the engine would.</summary>
internal sealed class OnnxScorer(string artifactDirectory, RecentHistories histories, int items) : Scorer, IDisposable
{
    private readonly InferenceSession session = new(Path.Combine(artifactDirectory, ModelContract.ModelFile));

    public override string Name => "onnx";

    public override void Score(int user, ReadOnlySpan<Interaction> history, Span<float> scores)
    {
        var (topScores, topIndices) = Run(histories, user, items, new float[items]);
        for (var i = 0; i < topIndices.Length; i++)
        {
            scores[(int)topIndices[i]] = topScores[i];
        }
    }

    public (float[] Scores, long[] Indices) Run(RecentHistories source, int user, int k, float[] excludeBias)
    {
        source.Fill([user], out var historyItems, out var historyWeights);
        using var itemValue = OrtValue.CreateTensorValueFromMemory(historyItems, [1, historyItems.Length]);
        using var weightValue = OrtValue.CreateTensorValueFromMemory(historyWeights, [1, historyWeights.Length]);
        using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
        using var bias = OrtValue.CreateTensorValueFromMemory(excludeBias, [excludeBias.Length]);
        var inputs = new Dictionary<string, OrtValue>
        {
            [ModelContract.HistoryItems] = itemValue,
            [ModelContract.HistoryWeights] = weightValue,
            [ModelContract.K] = kValue,
            [ModelContract.ExcludeBias] = bias,
        };
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, [ModelContract.TopScores, ModelContract.TopIndices]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<long>().ToArray());
    }

    public void Dispose() => session.Dispose();
}
