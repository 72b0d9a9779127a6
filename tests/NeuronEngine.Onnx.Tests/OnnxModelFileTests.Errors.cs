using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxModelFileTests
{
    [Fact]
    public void Parse_TruncatedAtAnyPoint_ThrowsInvalidArgument()
    {
        var (table, bias) = Weights();
        var bytes = PooledHistoryModel.Build(table, bias, Items, Dims).ToArray();

        for (var length = 0; length < bytes.Length; length += 37)
        {
            var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Parse(bytes.AsSpan(0, length)));
            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        }
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsInvalidArgument()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 2000)];
            random.NextBytes(bytes);

            var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Parse(bytes));

            Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
            Assert.StartsWith("model: ", error.Message);
        }
    }

    [Fact]
    public void Parse_NoGraph_ThrowsSayingSo()
    {
        var model = new ModelProto { IrVersion = 8 };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });

        var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Parse(model.ToByteArray()));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("no graph", error.Message);
    }

    [Fact]
    public void Parse_NoOpsetImport_ThrowsSayingSo()
    {
        var model = IdentityModel().ToModel();
        model.OpsetImport.Clear();

        var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Parse(model.ToByteArray()));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("opset", error.Message);
    }

    [Fact]
    public void Parse_Empty_ThrowsListingEveryProblem()
    {
        var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Parse([]));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("ir_version", error.Message);
        Assert.Contains("opset", error.Message);
        Assert.Contains("no graph", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNotFound()
    {
        using var dir = new TempDirectory("onnx");

        var error = Assert.Throws<NeuronException>(() => OnnxModelFile.Read(dir.Combine("absent.onnx")));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    /// <summary>Fields outside the subset (here ModelProto field 20, training_info in full ONNX) must survive a parse and re-write.</summary>
    [Fact]
    public void Parse_FieldsOutsideSubset_SurviveRewrite()
    {
        var original = IdentityModel().ToArray();
        byte[] extra = [0xA2, 0x01, 0x03, 0x0A, 0x01, 0x41]; // field 20, length 3: a nested message with string field 1 = "A"
        var withExtra = original.Concat(extra).ToArray();

        var model = ModelProto.Parser.ParseFrom(withExtra);
        var rewritten = model.ToByteArray();
        var file = OnnxModelFile.Parse(withExtra);

        Assert.Equal(withExtra.Length, rewritten.Length);
        Assert.True(rewritten.AsSpan().IndexOf(extra) >= 0);
        Assert.Equal(["x"], file.Inputs.Select(i => i.Name));
    }
}
