using NeuronEngine.Engine.Training;

namespace NeuronEngine.IntegrationTests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        var options = new TrainingOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((15, TimeSpan.FromSeconds(4), 1L << 30), (options.LeaseSeconds, options.StopWait, options.MaxDatasetBytes));
    }

    [Fact]
    public void Validate_EveryValueOutOfRange_ListsEveryError()
    {
        var options = new TrainingOptions
        {
            LeaseSeconds = 0,
            StopWait = TimeSpan.FromMinutes(2),
            MaxDatasetBytes = 10,
            ExpiryInterval = TimeSpan.Zero,
        };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Training:LeaseSeconds", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Training:StopWait", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Training:MaxDatasetBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Training:ExpiryInterval", StringComparison.Ordinal));
    }
}
