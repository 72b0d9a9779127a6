using System.Text;
using CsCheck;
using NeuronEngine.Core;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Registry.Tests.Catalog;

/// <summary>Stored attribute JSON that was damaged reads as attributes or as DataLoss, never as another exception.</summary>
public sealed class AttributeCodecTests(ITestOutputHelper output)
{
    [Fact]
    public void Decode_DamagedJson_AttributesOrDataLoss()
    {
        var valid = Encoding.UTF8.GetBytes("""{"color":"red","size":"","a.b-c_D":"日本"}""");
        var inputs = Gen.OneOf(Properties.Mutations(valid).Select(b => Encoding.UTF8.GetString(b)), Gen.Char.Array[0, 60].Select(c => new string(c)));
        Properties.Run("catalog-attribute-decode", inputs, json =>
        {
            try
            {
                AttributeCodec.Decode(json, "i1");
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.DataLoss)
            {
            }
        }, 10_000, output);
    }
}
