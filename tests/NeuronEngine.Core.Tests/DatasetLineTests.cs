namespace NeuronEngine.Core.Tests;

public sealed class DatasetLineTests
{
    [Fact]
    public void Parse_GoodLine_ReadsFields()
    {
        var line = DatasetLine.Parse("""{"user_id": "u1", "item_id": "i9", "type": "click", "timestamp": 5}""", "line 1");
        Assert.Equal(new DatasetLine("u1", "i9", "click", 5), line);
    }

    [Fact]
    public void Parse_LoneSurrogate_InvalidArgumentNamingTheLine()
    {
        // Found by DatasetLinePropertyTests: JsonDocument.Parse threw ArgumentException for text it cannot transcode.
        var ex = Assert.Throws<NeuronException>(() => DatasetLine.Parse("p\uD88C", "line 3"));
        Assert.Equal((ErrorKind.InvalidArgument, "line 3"), (ex.Kind, ex.Field));
        Assert.StartsWith("not valid JSON", ex.Rule, StringComparison.Ordinal);
    }
}
