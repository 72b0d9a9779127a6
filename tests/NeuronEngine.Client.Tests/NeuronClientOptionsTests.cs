namespace NeuronEngine.Client.Tests;

public sealed class NeuronClientOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReturnsNoErrors() => Assert.Empty(new NeuronClientOptions().Validate());

    [Fact]
    public void Validate_ManyBadValues_ReturnsEveryError()
    {
        var options = new NeuronClientOptions
        {
            Endpoint = "localhost:7070",
            Tenant = "",
            DefaultDeadline = TimeSpan.Zero,
            TrackerMaxBatch = 1001,
            TrackerMaxBuffered = 0,
            TrackerMaxAttempts = 0,
        };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Endpoint:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("TrackerMaxBatch:", StringComparison.Ordinal));
    }

    [Fact]
    public void NeuronClient_InvalidOptions_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new NeuronClient(new NeuronClientOptions { TrackerFlushInterval = TimeSpan.Zero }));
        Assert.Contains("TrackerFlushInterval", ex.Message, StringComparison.Ordinal);
    }
}
