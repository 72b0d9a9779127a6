using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>Writes the model to <paramref name="stream"/>; weights are streamed from their one in-memory copy.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToModel().WriteTo(stream);
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/>. The file appears complete or not at all: it is written
    /// beside the target and renamed over it, so a model watcher never sees half a file.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = ToModel();
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                model.WriteTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The model as bytes (for <c>new InferenceSession(byte[])</c> in tests; files should use <see cref="Save"/>).</summary>
    public byte[] ToArray() => ToModel().ToByteArray();

    /// <summary>The model message; it shares the graph (and the weight buffers) with this builder rather than copying them.</summary>
    internal ModelProto ToModel()
    {
        if (graph.Output.Count == 0)
        {
            NeuronException.ThrowInvalidArgument("output", "the graph has no outputs; declare at least one with AddOutput");
        }

        foreach (var output in graph.Output)
        {
            if (!defined.Contains(output.Name))
            {
                NeuronException.ThrowInvalidArgument("output", $"'{output.Name}' is declared as an output but no node, input or initializer defines it");
            }
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = DocString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }
}
