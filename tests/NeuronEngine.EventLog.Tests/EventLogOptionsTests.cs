namespace NeuronEngine.EventLog.Tests;

public sealed class EventLogOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        var options = new EventLogOptions();
        Assert.Empty(options.Validate());
        Assert.Equal("EventLog", EventLogOptions.SectionName);
        Assert.Equal(256L * 1024 * 1024, options.SegmentSizeBytes);
        Assert.Equal(DurabilityPolicy.Always, options.GetDurabilityPolicy());
    }

    [Fact]
    public void Validate_EverythingWrong_ReturnsEveryError()
    {
        var options = new EventLogOptions { Directory = " ", Durability = "often", SegmentSizeBytes = 10, QueueCapacity = 0, MaxGroupBytes = 10 };
        var errors = options.Validate();
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("EventLog:Directory: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EventLog:Durability: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EventLog:SegmentSizeBytes: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EventLog:QueueCapacity: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("EventLog:MaxGroupBytes: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenAsync_InvalidOptions_ThrowsInvalidArgument()
    {
        using var dir = new TempDirectory();
        var options = TestData.Options(dir.Path, durability: "bogus");
        var ex = await Assert.ThrowsAsync<NeuronEngine.Core.NeuronException>(() => TestData.OpenAsync(options));
        Assert.Equal(NeuronEngine.Core.ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("EventLog:Durability", ex.Message, StringComparison.Ordinal);
    }
}
