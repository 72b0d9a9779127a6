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
        Assert.Equal(ids, vocabulary.ItemIds);
        Assert.Equal(4, vocabulary.Count);
        Assert.All(ids.Select((id, i) => (id, i)), p => Assert.Equal(p.i, vocabulary.Indices[p.id]));
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
