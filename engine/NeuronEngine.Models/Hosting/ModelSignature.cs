using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

/// <summary>Checks a session's inputs and outputs against the contract's names, element types and ranks.</summary>
internal static class ModelSignature
{
    public static void Check(InferenceSession session, int items, List<string> errors)
    {
        Expect(session.InputMetadata, "input", ModelContract.HistoryItems, TensorElementType.Int64, 2, errors);
        Expect(session.InputMetadata, "input", ModelContract.HistoryWeights, TensorElementType.Float, 2, errors);
        Expect(session.InputMetadata, "input", ModelContract.K, TensorElementType.Int64, 1, errors);
        if (Expect(session.InputMetadata, "input", ModelContract.ExcludeBias, TensorElementType.Float, 1, errors) is { } bias
            && bias.Dimensions[0] > 0 && bias.Dimensions[0] != items)
        {
            errors.Add($"input {ModelContract.ExcludeBias} has {bias.Dimensions[0]} elements but the vocabulary has {items} items");
        }

        Expect(session.OutputMetadata, "output", ModelContract.TopScores, TensorElementType.Float, 2, errors);
        Expect(session.OutputMetadata, "output", ModelContract.TopIndices, TensorElementType.Int64, 2, errors);
    }

    private static NodeMetadata? Expect(IReadOnlyDictionary<string, NodeMetadata> values, string kind, string name, TensorElementType type, int rank, List<string> errors)
    {
        if (!values.TryGetValue(name, out var value))
        {
            errors.Add($"{kind} {name} is missing (the model has {string.Join(", ", values.Keys)})");
            return null;
        }

        if (!value.IsTensor || value.ElementDataType != type)
        {
            errors.Add($"{kind} {name} must be a {type} tensor, not {(value.IsTensor ? value.ElementDataType.ToString() : value.OnnxValueType.ToString())}");
            return null;
        }

        if (value.Dimensions.Length != rank)
        {
            errors.Add($"{kind} {name} must have rank {rank}, not {value.Dimensions.Length}");
            return null;
        }

        return value;
    }
}
