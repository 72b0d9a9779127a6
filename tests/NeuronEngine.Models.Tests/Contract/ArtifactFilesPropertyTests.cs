using System.Text;
using CsCheck;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Tests.Hosting;
using Xunit.Abstractions;

namespace NeuronEngine.Models.Tests.Contract;

/// <summary>
/// <c>items.txt</c> and <c>manifest.json</c> as an uploader may send them: the vocabulary reader returns a vocabulary
/// that keeps the rules or null with the problems listed (it never throws); the loader's check returns the manifest or
/// refuses with InvalidArgument naming the artifact.
/// </summary>
public sealed class ArtifactFilesPropertyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory dir = new("artifact-props");

    private static readonly Gen<string> Line = Gen.Frequency(
        (6, Gen.Char.AlphaNumeric.Array[1, 12].Select(c => new string(c))),
        (2, Gen.Char.Array[0, 40].Select(c => new string(c))),
        (1, Gen.Char['\uD800', '\uDFFF'].Array[1, 3].Select(c => new string(c))),
        (1, Gen.Const(new string('x', 257))),
        (1, Gen.Const("item-0001")));

    private static readonly Gen<byte[]> VocabularyBytes = Gen.OneOf(
        Gen.Select(
            Line.Array[0, 60], Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"), Gen.Const("\r")), Gen.Bool,
            (lines, end, bom) => (byte[])[.. bom ? Encoding.UTF8.Preamble : [], .. Encoding.UTF8.GetBytes(string.Join(end, lines))]),
        Properties.Mutations(Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 40).Select(PlantedModels.ItemId)) + "\n")),
        Gen.Byte.Array[0, 200]);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void VocabularyRead_AnyBytes_VocabularyWithinTheRulesOrErrors()
    {
        var path = dir.Combine(ModelContract.VocabularyFile);
        Properties.Run("items-txt", VocabularyBytes, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            var errors = new List<string>();
            var vocabulary = ModelVocabulary.Read(path, errors);
            if (vocabulary is null)
            {
                Assert.NotEmpty(errors);
                return;
            }

            Assert.Empty(errors);
            for (var i = 0; i < vocabulary.Count; i++)
            {
                Assert.Null(FieldRules.ValidateId(vocabulary.IdSpan(i)));
                Assert.True(vocabulary.TryGetIndex(vocabulary.IdSpan(i), out var index));
                Assert.Equal(i, index);
            }
        }, 1000, output);
    }

    [Fact]
    public void LoaderCheck_DamagedManifest_ManifestOrInvalidArgument()
    {
        var artifact = PlantedModels.Write(dir.Combine("artifact"));
        var manifestPath = Path.Combine(artifact, ModelContract.ManifestFile);
        var valid = File.ReadAllBytes(manifestPath);
        var loader = ModelTestHost.Loader();
        var inputs = Gen.Frequency(
            (8, Properties.Mutations(valid)),
            (1, Gen.Byte.Array[0, 100]),
            (1, Gen.Char.Array[0, 100].Select(c => Encoding.UTF8.GetBytes(new string(c)))));
        Properties.Run("manifest-json", inputs, bytes =>
        {
            File.WriteAllBytes(manifestPath, bytes);
            try
            {
                var manifest = loader.Check(artifact);
                Assert.Equal(40, manifest.Items);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field == "artifact")
            {
            }
        }, 1000, output);
    }
}
