namespace NeuronEngine.Registry.Tests;

public sealed class RegistryOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReturnsNoErrors()
    {
        var options = new RegistryOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(Path.Combine("data", "registry.db"), options.DatabasePath);
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReturnsEveryError()
    {
        var errors = new RegistryOptions { DatabasePath = "", BusyTimeout = TimeSpan.FromSeconds(-1) }.Validate();

        Assert.Equal(2, errors.Count);
    }

    [Theory]
    [InlineData("", 5000, "DatabasePath")]
    [InlineData("data/", 5000, "DatabasePath")]
    [InlineData("data/registry.db", 0, "BusyTimeout")]
    [InlineData("data/registry.db", 600_001, "BusyTimeout")]
    public void Validate_RuleBroken_NamesTheSetting(string path, int busyTimeoutMs, string setting)
    {
        var errors = new RegistryOptions { DatabasePath = path, BusyTimeout = TimeSpan.FromMilliseconds(busyTimeoutMs) }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith($"Registry:{setting}", error, StringComparison.Ordinal);
    }
}
