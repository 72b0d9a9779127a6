using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NeuronEngine.Onnx.Tests;

/// <summary>Runs a written model with ONNX Runtime and copies every output out of native memory.</summary>
internal static class Ort
{
    public static OrtOutputs Run(OnnxGraphBuilder builder, params (string Name, OrtValue Value)[] inputs) =>
        Run(builder.ToArray(), inputs);

    public static OrtOutputs Run(byte[] model, params (string Name, OrtValue Value)[] inputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        return Run(session, inputs);
    }

    public static OrtOutputs Run(InferenceSession session, params (string Name, OrtValue Value)[] inputs)
    {
        try
        {
            using var runOptions = new RunOptions();
            var feeds = inputs.ToDictionary(i => i.Name, i => i.Value);
            using var results = session.Run(runOptions, feeds, session.OutputNames);
            var outputs = new OrtOutputs();
            for (var i = 0; i < results.Count; i++)
            {
                var info = results[i].GetTensorTypeAndShape();
                Array data = info.ElementDataType switch
                {
                    TensorElementType.Float => results[i].GetTensorDataAsSpan<float>().ToArray(),
                    TensorElementType.Int64 => results[i].GetTensorDataAsSpan<long>().ToArray(),
                    TensorElementType.Int32 => results[i].GetTensorDataAsSpan<int>().ToArray(),
                    TensorElementType.String => results[i].GetStringTensorAsArray(),
                    var other => throw new InvalidOperationException($"unexpected output type {other}"),
                };
                outputs.Add(session.OutputNames[i], info.Shape, data);
            }

            return outputs;
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }

    public static (string, OrtValue) Input(string name, float[] data, params long[] shape) =>
        (name, OrtValue.CreateTensorValueFromMemory(data, shape));

    public static (string, OrtValue) Input(string name, long[] data, params long[] shape) =>
        (name, OrtValue.CreateTensorValueFromMemory(data, shape));
}
