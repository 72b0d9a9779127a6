using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Tests.Contract;

public sealed class ModelVocabularyTests : IDisposable
{
    private readonly TempDirectory dir = new("vocabulary");

    private string PathOf(string name = "items.txt") => dir.Combine(name);

    [Fact]
    public void WriteThenRead_RoundTripsIdsAndIndices()
    {
        string[] ids = ["a", "item-ü", "b:c", new('x', 256)];
        ModelVocabulary.Write(PathOf(), ids);
        var errors = new List<string>();
        var vocabulary = ModelVocabulary.Read(PathOf(), errors);

        Assert.Empty(errors);
        Assert.NotNull(vocabulary);
        Assert.Equal(4, vocabulary.Count);
        Assert.Equal(ids, Enumerable.Range(0, vocabulary.Count).Select(vocabulary.ItemId));
        Assert.All(ids.Select((id, i) => (id, i)), p => Assert.Equal((true, p.i), (vocabulary.TryGetIndex(p.id, out var index), index)));
        Assert.False(vocabulary.TryGetIndex("c", out _));
        Assert.False(vocabulary.TryGetIndex("", out _));
    }

    [Theory]
    [InlineData("a\nb\nc\n")]
    [InlineData("a\nb\nc")]
    [InlineData("a\r\nb\r\nc\r\n")]
    [InlineData("a\rb\r\nc")]
    [InlineData("\uFEFFa\nb\nc\n")]
    public void Read_LineEndsAndByteOrderMark_AsReadAllLinesReadsThem(string text)
    {
        File.WriteAllText(PathOf(), text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var errors = new List<string>();
        var vocabulary = ModelVocabulary.Read(PathOf(), errors);

        Assert.Empty(errors);
        Assert.Equal(File.ReadAllLines(PathOf()), Enumerable.Range(0, vocabulary!.Count).Select(vocabulary.ItemId));
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, vocabulary.Count).Select(i => vocabulary.IdSpan(i).ToString()));
    }

    [Fact]
    public void TryGetIndex_ManyIds_FindsEachAndNoOther()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => "item-" + i).ToArray();
        ModelVocabulary.Write(PathOf(), ids);
        var vocabulary = ModelVocabulary.Read(PathOf(), [])!;

        Assert.All(Enumerable.Range(0, ids.Length), i => Assert.Equal((true, i), (vocabulary.TryGetIndex(ids[i], out var index), index)));
        Assert.All(Enumerable.Range(20_000, 2_000), i => Assert.False(vocabulary.TryGetIndex("item-" + i, out _)));
    }

    [Fact]
    public void Read_Missing_ReportsIt()
    {
        var errors = new List<string>();
        Assert.Null(ModelVocabulary.Read(PathOf("absent.txt"), errors));
        Assert.Equal(["items.txt is missing"], errors);
    }

    [Fact]
    public void Read_EmptyFile_ReportsIt()
    {
        File.WriteAllText(PathOf(), "");
        var errors = new List<string>();
        Assert.Null(ModelVocabulary.Read(PathOf(), errors));
        Assert.Equal(["items.txt is empty"], errors);
    }

    [Fact]
    public void Read_BadLines_ReportsEachWithItsLineNumber()
    {
        ModelVocabulary.Write(PathOf(), ["a", "", "b", "a", new string('x', 257), "tab\there"]);
        var errors = new List<string>();
        Assert.Null(ModelVocabulary.Read(PathOf(), errors));
        Assert.Equal(
            [
                "items.txt line 2: item id must not be empty",
                "items.txt line 4: item id \"a\" repeats line 1",
                "items.txt line 5: item id must be at most 256 bytes of UTF-8",
                "items.txt line 6: item id must not contain control characters",
            ],
            errors);
    }

    [Fact]
    public void Read_ManyBadLines_StopsAfterFive()
    {
        ModelVocabulary.Write(PathOf(), Enumerable.Repeat("same", 20));
        var errors = new List<string> { "an earlier problem" };
        Assert.Null(ModelVocabulary.Read(PathOf(), errors));
        Assert.Equal(6, errors.Count);
        Assert.Equal("an earlier problem", errors[0]);
    }

    [Fact]
    public void Read_EarlierErrorsInTheList_StillReturnsAValidVocabulary()
    {
        ModelVocabulary.Write(PathOf(), ["a", "b"]);
        var errors = new List<string> { "manifest.json is missing" };
        Assert.Equal(2, ModelVocabulary.Read(PathOf(), errors)?.Count);
        Assert.Single(errors);
    }

    public void Dispose() => dir.Dispose();
}
