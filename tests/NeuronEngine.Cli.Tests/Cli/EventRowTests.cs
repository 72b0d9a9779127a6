using NeuronEngine.Cli.Input;

namespace NeuronEngine.Cli.Tests.Cli;

public sealed class EventRowTests
{
    [Fact]
    public void DeriveId_SameFileLineAndText_SameIdElseDifferent()
    {
        var id = EventRow.DeriveId("events.csv", 7, "u1,i1,click");
        Assert.Equal(id, EventRow.DeriveId("events.csv", 7, "u1,i1,click"));
        Assert.StartsWith("imp-", id, StringComparison.Ordinal);
        Assert.Equal(36, id.Length);
        Assert.NotEqual(id, EventRow.DeriveId("events.csv", 8, "u1,i1,click"));
        Assert.NotEqual(id, EventRow.DeriveId("other.csv", 7, "u1,i1,click"));
        Assert.NotEqual(id, EventRow.DeriveId("events.csv", 7, "u1,i2,click"));
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05Z", 1767323045)]
    [InlineData("2026-01-02T04:04:05+01:00", 1767323045)]
    [InlineData("2026-01-02 03:04:05", 1767323045)]
    [InlineData("1767323045", 1767323045)]
    public void ParseTime_IsoOrUnixSeconds_Utc(string text, long unixSeconds) =>
        Assert.Equal(unixSeconds, EventRow.ParseTime(text).ToUnixTimeSeconds());

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    public void ParseTime_Garbage_ThrowsNamingTheField(string text) =>
        Assert.StartsWith("timestamp:", Assert.Throws<RowException>(() => EventRow.ParseTime(text)).Message, StringComparison.Ordinal);
}
