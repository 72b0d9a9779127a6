using System.Text;
using CsCheck;
using NeuronEngine.Core;
using NeuronEngine.Engine.Training;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.Engine.Tests.Training;

/// <summary>
/// Uploaded dataset files of damaged JSON Lines (any bytes, any line ends, BOMs): reading yields lines within the rules
/// or stops with InvalidArgument naming <c>line N</c>; nothing else escapes.
/// </summary>
public sealed class DatasetFilesPropertyTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory dir = new("dataset-props");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void ReadAsync_DamagedFiles_LinesWithinTheRulesOrInvalidArgumentNamingTheLine()
    {
        var valid = Encoding.UTF8.GetBytes(string.Join(
            "\n",
            Enumerable.Range(0, 4).Select(i => $$"""{"user_id": "u{{i}}", "item_id": "i{{i}}", "type": "click", "timestamp": {{i * 1000}}}""")) + "\r\n\n");
        var files = Gen.Frequency((8, Properties.Mutations(valid)), (1, Gen.Byte.Array[0, 200]), (1, Properties.Mutations([0xEF, 0xBB, 0xBF, .. valid])));
        var path = dir.Combine("train.jsonl");
        Properties.Run("dataset-file", files, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                foreach (var line in DatasetFiles.ReadAsync(path, CancellationToken.None).ToBlockingEnumerable())
                {
                    Assert.Null(FieldRules.ValidateId(line.UserId));
                    Assert.Null(FieldRules.ValidateId(line.ItemId));
                    Assert.NotEmpty(line.Type);
                }
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.InvalidArgument && ex.Field?.StartsWith("line ", StringComparison.Ordinal) == true)
            {
            }
        }, 3000, output);
    }
}
