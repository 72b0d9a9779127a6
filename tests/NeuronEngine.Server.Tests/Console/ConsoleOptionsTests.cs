using Microsoft.Extensions.Options;
using NeuronEngine.Server.Console;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Server.Security;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Console;

public sealed class ConsoleOptionsTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(70000)]
    public void Validate_PortOutOfRange_NamesConsolePort(int port)
    {
        var errors = new ConsoleOptions { Port = port }.Validate();

        Assert.Equal($"Console:Port must be 0-65535 (0 = off; got {port})", Assert.Single(errors));
    }

    [Fact]
    public void Validate_Defaults_Valid_PortIs7080()
    {
        var options = new ConsoleOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(7080, options.Port);
        Assert.Equal(TimeSpan.FromHours(8), options.SessionIdleTimeout);
    }

    [Fact]
    public void Validate_SessionLimitsOutOfRange_NamesEach()
    {
        var errors = new ConsoleOptions
        {
            SessionIdleTimeout = TimeSpan.FromSeconds(5), SessionMaxLifetime = TimeSpan.FromDays(91), MaxSessions = 0, MaxSessionsPerKey = 1001,
        }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Console:SessionIdleTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:SessionMaxLifetime", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:MaxSessions must", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Console:MaxSessionsPerKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ConsolePortSwitchOutOfRange_OneLineNamingConsolePort()
    {
        using var data = new TempDirectory("console-options");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(["--port", "0", "--data-dir", data.Path, "--console-port", "70000"]));

        Assert.Contains("Console:Port must be 0-65535 (0 = off; got 70000)", ex.Failures);
    }

    [Theory]
    [InlineData("--port", "Engine:Port")]
    [InlineData("--metrics-port", "Telemetry:MetricsPort")]
    public void Build_ConsolePortSameAsAnotherListener_NamesBoth(string other, string key)
    {
        using var data = new TempDirectory("console-options");
        string[] args = other == "--port"
            ? ["--port", "7090", "--data-dir", data.Path, "--console-port", "7090"]
            : ["--port", "0", "--data-dir", data.Path, other, "7090", "--console-port", "7090"];

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(args));

        Assert.Contains($"Console:Port must differ from {key} (both 7090)", ex.Failures);
    }

    [Fact]
    public void Build_UnknownConsoleKey_Refused()
    {
        using var data = new TempDirectory("console-options");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(["--port", "0", "--data-dir", data.Path, "--Console:Prot", "1"]));

        Assert.Contains(ex.Failures, f => f.StartsWith("Console:Prot is not a setting", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsoleCalls_AreAllInTheRoleTable()
    {
        // A misspelt method would fall to the table's default (operator only) and hide the console from everyone else.
        Assert.All(ConsoleCalls.All, method => Assert.Contains(method, CallPolicy.Methods));
    }
}
