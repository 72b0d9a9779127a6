using NeuronEngine.Core;

namespace NeuronEngine.Onnx.Tests;

public sealed partial class OnnxGraphBuilderTests
{
    [Fact]
    public void AddInput_NameAlreadyDefined_ThrowsInvalidArgument()
    {
        var b = new OnnxGraphBuilder();
        b.AddInitializer("x", [1f], [1]);

        var error = Assert.Throws<NeuronException>(() => b.AddInput("x", OnnxElementType.Float, 1));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'x' is already defined", error.Message);
    }

    [Fact]
    public void AddNode_InputNotDefinedYet_ThrowsNamingIt()
    {
        var b = new OnnxGraphBuilder();

        var error = Assert.Throws<NeuronException>(() => b.Relu("later"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("input 'later' is not defined", error.Message);
    }

    [Fact]
    public void AddInitializer_DimsDoNotMatchValues_ThrowsInvalidArgument()
    {
        var b = new OnnxGraphBuilder();

        var error = Assert.Throws<NeuronException>(() => b.AddInitializer("w", [1f, 2f, 3f], [2, 2]));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("hold 4 elements but 3 values", error.Message);
    }

    [Fact]
    public void ToArray_OutputNeverProduced_ThrowsInvalidArgument()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 1);
        b.AddOutput("y", OnnxElementType.Float, 1);

        var error = Assert.Throws<NeuronException>(b.ToArray);

        Assert.Contains("'y' is declared as an output", error.Message);
    }

    [Fact]
    public void ToArray_NoOutputs_ThrowsInvalidArgument()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 1);

        var error = Assert.Throws<NeuronException>(b.ToArray);

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Constructor_OpsetBelow13_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<NeuronException>(() => new OnnxGraphBuilder(opsetVersion: 12));

        Assert.Equal("opsetVersion", error.Field);
    }

    [Fact]
    public void ReduceSum_OutputNameTaken_ThrowsBeforeAddingAxes()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 2, 2);

        Assert.Throws<NeuronException>(() => b.ReduceSum("x", [1], output: "x"));

        Assert.False(b.IsDefined("x_axes"));
    }

    [Fact]
    public void GeneratedNames_UserAlreadyUsedOne_PicksAnother()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("relu_0", OnnxElementType.Float, 1);

        var output = b.Relu("relu_0");

        Assert.NotEqual("relu_0", output);
        Assert.True(b.IsDefined(output));
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTempFile()
    {
        using var dir = new TempDirectory("onnx");
        var path = dir.Combine("model.onnx");
        File.WriteAllText(path, "old");
        var b = new OnnxGraphBuilder();
        b.AddInput("x", OnnxElementType.Float, 1);
        b.Identity("x", "y");
        b.AddOutput("y", OnnxElementType.Float, 1);

        b.Save(path);

        Assert.Equal(["x"], OnnxModelFile.Read(path).Inputs.Select(i => i.Name));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
