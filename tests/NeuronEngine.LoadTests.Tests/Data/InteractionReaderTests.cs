using NeuronEngine.LoadTests.Data;

namespace NeuronEngine.LoadTests.Tests.Data;

public sealed class InteractionReaderTests
{
    [Fact]
    public void Read_Csv_TypesWeighedByTheirMostCommonWeight()
    {
        var result = Read("""
            user_id,item_id,type,weight,timestamp
            u1,i1,view,1,2025-06-01T10:00:00Z
            u1,i2,buy,40,2025-06-01T10:01:00Z
            u2,i2,buy,40,2025-06-01T10:02:00.5Z
            u2,i3,buy,30,2025-06-01T10:03:00+02:00
            u2,i3,like,,2025-06-01T10:04:00Z
            """);

        var table = result.Table;
        Assert.Equal(5, table.Count);
        Assert.Equal([new EventTypeWeight("view", 1), new("buy", 40), new("like", 1)], table.Types);
        Assert.Equal(1, result.OffTypeWeights);
        Assert.Equal(new DateTime(2025, 6, 1, 8, 3, 0, DateTimeKind.Utc), table.TimeOf(3));
        Assert.Equal(DateTimeKind.Utc, table.TimeOf(2).Kind);
    }

    [Fact]
    public void Read_CsvWithoutTypeOrWeight_OneInteractionTypeOfWeightOne()
    {
        var table = Read("user_id,timestamp,item_id\nu1,2025-06-01T10:00:00Z,i1\n\nu2,2025-06-01T10:00:00Z,i1\n").Table;

        Assert.Equal([new EventTypeWeight(InteractionFile.DefaultType, 1)], table.Types);
        Assert.Equal(["u1", "u2"], table.Users);
    }

    [Fact]
    public void Read_JsonLines_OptionalTypeAndWeight()
    {
        var table = Read("""
            {"user_id":"u1","item_id":"i1","timestamp":"2025-06-01T10:00:00Z"}
            {"user_id":"u1","item_id":"i2","type":"purchase","weight":40,"timestamp":1748772000}
            {"user_id":"u2","item_id":7,"type":"purchase","timestamp":"2025-06-01T10:00:00Z"}
            """).Table;

        Assert.Equal([new EventTypeWeight("interaction", 1), new("purchase", 40)], table.Types);
        Assert.Equal(["i1", "i2", "7"], table.Items);
        Assert.Equal(new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc), table.TimeOf(1));
    }

    [Theory]
    [InlineData("user_id,item_id,type,weight,timestamp\nu1,i1,view,1,2025-06-01T10:00:00Z\nu1,i2,view,x,2025-06-01T10:00:00Z\n", "line 3: weight must be an integer 1-100: \"x\"")]
    [InlineData("user_id,item_id,type,weight,timestamp\nu1,i1,view,1,yesterday\n", "line 2: timestamp must be an RFC 3339 time")]
    [InlineData("user_id,item_id,type,weight,timestamp\nu1,,view,1,2025-06-01T10:00:00Z\n", "line 2: item_id is empty")]
    [InlineData("user_id,item_id,type,weight,timestamp\nu1,i1,view,1\n", "line 2: line has 4 fields, the header 5")]
    [InlineData("user,item,timestamp\nu1,i1,2025-06-01T10:00:00Z\n", "line 1: header has no user_id column")]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":\"2025-06-01T10:00:00Z\"}\n{\"user_id\":\"u1\",\"item_id\":\"i1\"}\n", "line 2: timestamp is missing")]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":\"2025-06-01T10:00:00Z\"}\n{\"user_id\":\"u1\",\"item_id\":\"i1\",\"weight\":500,\"timestamp\":\"2025-06-01T10:00:00Z\"}\n", "line 2: weight must be an integer 1-100: \"500\"")]
    [InlineData("{\"user_id\":\"u1\",\"item_id\":\"i1\",\"timestamp\":\"2025-06-01T10:00:00Z\"}\n{\"user_id\":\"u1\",\n", "line 2: line is not JSON")]
    public void Read_BadLine_NamesTheFileLineAndField(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.StartsWith("events.csv: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteCsv_ThenRead_SameEvents()
    {
        var table = Read("user_id,item_id,type,weight,timestamp\nu1,i1,view,1,2025-06-01T10:00:00Z\nu2,i1,buy,40,2025-06-01T10:00:00.25Z\n").Table;
        var path = Path.GetTempFileName();
        try
        {
            InteractionFile.WriteCsv(path, table);
            Assert.Equal("user_id,item_id,type,weight,timestamp\nu1,i1,view,1,2025-06-01T10:00:00Z\nu2,i1,buy,40,2025-06-01T10:00:00.25Z\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static InteractionReader.Result Read(string text) => InteractionReader.Read(new StringReader(text), "events.csv");
}
