using NeuronEngine.Onnx.Proto;
using AttributeType = NeuronEngine.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace NeuronEngine.Onnx.Tests;

public sealed class OnnxAttributeTests
{
    /// <summary>ONNX Runtime refuses an attribute without its type ("Field 'type' of 'attr' is required but missing").</summary>
    [Theory]
    [InlineData("int", (int)AttributeType.Int)]
    [InlineData("float", (int)AttributeType.Float)]
    [InlineData("string", (int)AttributeType.String)]
    [InlineData("ints", (int)AttributeType.Ints)]
    [InlineData("floats", (int)AttributeType.Floats)]
    [InlineData("tensor", (int)AttributeType.Tensor)]
    public void Factory_AnyKind_SetsTypeField(string kind, int expectedType)
    {
        var expected = (AttributeType)expectedType;
        var attribute = kind switch
        {
            "int" => OnnxAttribute.Int("a", 0),
            "float" => OnnxAttribute.Float("a", 0f),
            "string" => OnnxAttribute.String("a", string.Empty),
            "ints" => OnnxAttribute.Ints("a"),
            "floats" => OnnxAttribute.Floats("a"),
            _ => OnnxAttribute.Tensor("a", [0f], []),
        };

        Assert.True(attribute.Proto.HasType);
        Assert.Equal(expected, attribute.Proto.Type);

        // Zero values are omitted on the wire unless the type says what the attribute is.
        var parsed = AttributeProto.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(attribute.Proto));
        Assert.Equal(expected, parsed.Type);
    }

    [Fact]
    public void ConstantNodes_EachAttributeType_OrtProducesTheValues()
    {
        var b = new OnnxGraphBuilder();
        b.AddNode("Constant", [], ["f"], OnnxAttribute.Float("value_float", 2.5f));
        b.AddNode("Constant", [], ["i"], OnnxAttribute.Int("value_int", -7));
        b.AddNode("Constant", [], ["fs"], OnnxAttribute.Floats("value_floats", 1f, -2f, 3.5f));
        b.AddNode("Constant", [], ["is"], OnnxAttribute.Ints("value_ints", 4, long.MaxValue));
        b.AddNode("Constant", [], ["s"], OnnxAttribute.String("value_string", "héllo"));
        b.AddNode("Constant", [], ["t"], OnnxAttribute.Tensor("value", [1f, 2f, 3f, 4f], [2, 2]));
        b.AddNode("Constant", [], ["ti"], OnnxAttribute.Tensor("value", [5L, 6L], [2]));
        b.AddOutput("f", OnnxElementType.Float);
        b.AddOutput("i", OnnxElementType.Int64);
        b.AddOutput("fs", OnnxElementType.Float, 3);
        b.AddOutput("is", OnnxElementType.Int64, 2);
        b.AddOutput("s", OnnxElementType.String);
        b.AddOutput("t", OnnxElementType.Float, 2, 2);
        b.AddOutput("ti", OnnxElementType.Int64, 2);

        var result = Ort.Run(b);

        Assert.Equal([2.5f], result.Floats("f"));
        Assert.Empty(result.Shape("f"));
        Assert.Equal([-7L], result.Int64s("i"));
        Assert.Equal([1f, -2f, 3.5f], result.Floats("fs"));
        Assert.Equal([4L, long.MaxValue], result.Int64s("is"));
        Assert.Equal(["héllo"], result.Strings("s"));
        Assert.Equal([2L, 2L], result.Shape("t"));
        Assert.Equal([1f, 2f, 3f, 4f], result.Floats("t"));
        Assert.Equal([5L, 6L], result.Int64s("ti"));
    }

    [Fact]
    public void Int_EmptyName_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<NeuronEngine.Core.NeuronException>(() => OnnxAttribute.Int(string.Empty, 1));

        Assert.Equal(NeuronEngine.Core.ErrorKind.InvalidArgument, error.Kind);
    }
}
