using System.Globalization;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Security;

/// <summary>
/// A console reachable beyond this machine without TLS would carry typed API keys in cleartext: the engine says so at
/// start, and stays quiet when the console is only on loopback.
/// </summary>
public sealed class ConsoleExposureTests(ITestOutputHelper output)
{
    private const string Warning = "The web console listens on";

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("127.0.0.1", false)]
    public async Task ConsoleWithoutTls_WarnsOnlyWhenBoundBeyondLoopback(string host, bool warned)
    {
        using var data = new TempDirectory("console-exposure");
        var consolePort = RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--host", host, "--auth", "required", "--console-port", consolePort);

        // The warning comes with the console's address, once the engine is up.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!engine.Lines.Any(l => l.Contains("Web console at", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(engine.Lines, l => l.Contains("Web console at", StringComparison.Ordinal));
        Assert.Equal(warned, engine.Lines.Any(l => l.Contains(Warning, StringComparison.Ordinal) && l.Contains("without TLS", StringComparison.Ordinal)));
    }
}
