namespace NeuronEngine.Onnx.Tests;

/// <summary>A model run's outputs, by name, copied to managed arrays.</summary>
internal sealed class OrtOutputs
{
    private readonly Dictionary<string, (long[] Shape, Array Data)> outputs = [];

    public void Add(string name, long[] shape, Array data) => outputs[name] = (shape, data);

    public long[] Shape(string name) => outputs[name].Shape;

    public float[] Floats(string name) => (float[])outputs[name].Data;

    public long[] Int64s(string name) => (long[])outputs[name].Data;

    public string[] Strings(string name) => (string[])outputs[name].Data;
}
