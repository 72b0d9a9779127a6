using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid()
    {
        var options = new TelemetryOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(9464, options.MetricsPort);
        Assert.Null(options.OtlpEndpoint);
    }

    [Fact]
    public void Validate_EveryRuleBroken_ReportsEveryOne()
    {
        var options = new TelemetryOptions { MetricsPort = 70000, OtlpEndpoint = "ftp://collector", MaxTenantLabels = -1 };

        var errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Telemetry:MetricsPort", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Telemetry:OtlpEndpoint", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Telemetry:MaxTenantLabels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://collector:4317")]
    [InlineData("https://otel.example.com")]
    [InlineData("")]
    public void Validate_OtlpEndpoint_HttpAddressOrUnset_Valid(string endpoint)
    {
        Assert.Empty(new TelemetryOptions { OtlpEndpoint = endpoint, MetricsPort = 0 }.Validate());
    }
}
