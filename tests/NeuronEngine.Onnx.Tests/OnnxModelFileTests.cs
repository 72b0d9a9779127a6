using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxModelFileTests
{
    private const int Items = 40;
    private const int Dims = 4;

    [Fact]
    public void Read_SavedPooledHistoryModel_ReportsContract()
    {
        using var dir = new TempDirectory("onnx");
        var path = dir.Combine("model.onnx");
        var (table, bias) = Weights();
        PooledHistoryModel.Build(table, bias, Items, Dims).Save(path);

        var file = OnnxModelFile.Read(path);

        Assert.Equal(8, file.IrVersion);
        Assert.Equal(17, file.OpsetVersion);
        Assert.Equal("NeuronEngine", file.ProducerName);
        Assert.Equal("test", file.ProducerVersion);
        Assert.Equal("pooled_history", file.GraphName);
        Assert.Equal(["history_items", "history_weights", "k", "exclude_bias"], file.Inputs.Select(i => i.Name));
        var items = file.Inputs[0];
        Assert.Equal(OnnxElementType.Int64, items.ElementType);
        Assert.True(items.HasShape);
        Assert.Equal([OnnxDim.Symbolic("batch"), OnnxDim.Symbolic("history")], items.Dims);
        Assert.Equal([OnnxDim.Fixed(1)], file.Inputs[2].Dims);
        Assert.Equal([OnnxDim.Fixed(Items)], file.Inputs[3].Dims);
        Assert.Equal("top_scores: Float[batch, k]", file.Outputs[0].ToString());
        Assert.Equal(OnnxElementType.Int64, file.Outputs[1].ElementType);
        Assert.Contains("item_embeddings", file.InitializerNames);
    }

    [Fact]
    public void Metadata_SetAndReplaced_RoundTripsThroughReader()
    {
        var b = IdentityModel();
        b.SetMetadata("neuron.recipe", "pooled-history")
            .SetMetadata("neuron.version", "1")
            .SetMetadata("neuron.version", "2")
            .SetMetadata("note", "ünïcode ✓");
        b.DocString = "a doc";

        var file = OnnxModelFile.Parse(b.ToArray());

        Assert.Equal(3, file.Metadata.Count);
        Assert.Equal("pooled-history", file.Metadata["neuron.recipe"]);
        Assert.Equal("2", file.Metadata["neuron.version"]);
        Assert.Equal("ünïcode ✓", file.Metadata["note"]);
        Assert.Equal("a doc", file.DocString);
    }

    [Fact]
    public void TryGetInitializer_RawData_EqualsWritten()
    {
        var (table, bias) = Weights();
        var b = PooledHistoryModel.Build(table, bias, Items, Dims);
        b.AddInitializer("ids", [3L, -1L, long.MaxValue], [3]);
        b.AddInitializer("narrow_ids", [7, -2, int.MaxValue, int.MinValue], [2, 2]);

        var file = OnnxModelFile.Parse(b.ToArray());

        Assert.True(file.TryGetInitializer("item_embeddings", out var embeddings));
        Assert.Equal(OnnxElementType.Float, embeddings.ElementType);
        Assert.Equal([(long)Items, Dims], embeddings.Dims);
        Assert.Equal(table, embeddings.ToFloatArray());
        var copy = new float[Items * Dims];
        embeddings.CopyTo(copy);
        Assert.Equal(table, copy);
        Assert.True(file.TryGetInitializer("ids", out var ids));
        Assert.Equal([3L, -1L, long.MaxValue], ids.ToInt64Array());
        Assert.True(file.TryGetInitializer("narrow_ids", out var narrowIds));
        Assert.Equal([7, -2, int.MaxValue, int.MinValue], narrowIds.ToInt32Array());
        Assert.Throws<NeuronEngine.Core.NeuronException>(ids.ToInt32Array);
        Assert.True(file.TryGetInitializer("eps", out var eps));
        Assert.Empty(eps.Dims);
        Assert.Equal(1, eps.ElementCount);
    }

    [Fact]
    public void TryGetInitializer_FloatDataField_EqualsWrittenAndOrtAgrees()
    {
        var values = new float[] { 1.5f, -2f, 3f, 0.25f, 8f, -0.125f };
        var b = new OnnxGraphBuilder();
        b.AddInitializer("w", values, [2, 3]);
        b.Identity("w", "out");
        b.AddOutput("out", OnnxElementType.Float, 2, 3);
        var model = b.ToModel();
        var tensor = model.Graph.Initializer.Single();
        tensor.ClearRawData(); // proto2 presence: an empty raw_data that is still "set" makes ONNX Runtime ignore float_data.
        tensor.FloatData.Add(values);
        var bytes = model.ToByteArray();

        var file = OnnxModelFile.Parse(bytes);

        Assert.True(file.TryGetInitializer("w", out var read));
        Assert.Equal(values, read.ToFloatArray());
        Assert.Equal(values, Ort.Run(bytes).Floats("out"));
    }

    [Fact]
    public void TryGetInitializer_UnknownName_ReturnsFalse()
    {
        var file = OnnxModelFile.Parse(IdentityModel().ToArray());

        Assert.False(file.TryGetInitializer("item_embeddings", out var tensor));
        Assert.Null(tensor);
    }

    [Fact]
    public void TryGetInitializer_RawDataShorterThanDims_ThrowsInvalidArgument()
    {
        var b = new OnnxGraphBuilder();
        b.AddInitializer("w", [1f, 2f, 3f, 4f], [4]);
        b.Identity("w", "out");
        b.AddOutput("out", OnnxElementType.Float, 4);
        var model = b.ToModel();
        model.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[12]);
        var file = OnnxModelFile.Parse(model.ToByteArray());

        var error = Assert.Throws<NeuronException>(() => file.TryGetInitializer("w", out _));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("raw_data has 12 bytes", error.Message);
    }

    [Fact]
    public void Inputs_InitializerAlsoListedAsInput_LeftOut()
    {
        var b = IdentityModel();
        b.AddInitializer("w", [1f], [1]);
        var model = b.ToModel();
        model.Graph.Input.Add(new ValueInfoProto { Name = "w" });

        var file = OnnxModelFile.Parse(model.ToByteArray());

        Assert.Equal(["x"], file.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Inputs_DimWithNeitherValueNorParam_IsUnknown()
    {
        var model = IdentityModel().ToModel();
        model.Graph.Input[0].Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension());
        model.Graph.Output[0].Type.TensorType.Shape = null;

        var file = OnnxModelFile.Parse(model.ToByteArray());

        Assert.Equal([OnnxDim.Symbolic("batch"), OnnxDim.Unknown], file.Inputs[0].Dims);
        Assert.False(file.Inputs[0].Dims[1].IsFixed || file.Inputs[0].Dims[1].IsSymbolic);
        Assert.False(file.Outputs[0].HasShape);
    }

    private static OnnxGraphBuilder IdentityModel()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, "batch");
        b.Identity("x", "y");
        b.AddOutput("y", OnnxElementType.Float, "batch");
        return b;
    }

    private static (float[] Table, float[] Bias) Weights()
    {
        var random = new Random(11);
        return (Expect.RandomFloats(random, Items * Dims), Expect.RandomFloats(random, Items));
    }
}
