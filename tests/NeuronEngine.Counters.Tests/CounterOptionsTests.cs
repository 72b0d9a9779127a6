namespace NeuronEngine.Counters.Tests;

public sealed class CounterOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new CounterOptions().Validate());

    [Fact]
    public void Validate_EveryRuleBroken_ReportsAllAtOnce()
    {
        var options = new CounterOptions
        {
            Directory = " ",
            HistoryLength = 10_001,
            DedupWindow = TimeSpan.Zero,
            PopularK = 0,
            IndexSizeBytes = 5000,
            PageSizeBytes = 1000,
            LogMemorySizeBytes = 3,
            CheckpointsToKeep = 101,
            FullCheckpointEvery = 0,
            MaxEventTypesPerTenant = CounterOptions.MaxEventTypesLimit + 1,
        };

        var errors = options.Validate();

        Assert.Equal(10, errors.Count);
        foreach (var name in new[] { "Directory", "HistoryLength", "DedupWindow", "PopularK", "IndexSizeBytes", "PageSizeBytes", "LogMemorySizeBytes", "CheckpointsToKeep", "FullCheckpointEvery", "MaxEventTypesPerTenant" })
        {
            Assert.Contains(errors, e => e.StartsWith("Counters:" + name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_PageTooSmallForFullHistory_ReportsPageSize()
    {
        var options = new CounterOptions { HistoryLength = 10_000, PageSizeBytes = 1 << 16, LogMemorySizeBytes = 1 << 20 };

        Assert.Single(options.Validate(), e => e.Contains("too small for HistoryLength", StringComparison.Ordinal));
    }
}
