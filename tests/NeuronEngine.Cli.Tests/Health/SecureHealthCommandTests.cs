using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Health;

/// <summary><c>neuron health</c> against an engine behind TLS that takes no other call without an API key.</summary>
public sealed class SecureHealthCommandTests(SecureCliEngine engine) : IClassFixture<SecureCliEngine>
{
    [Fact]
    public async Task Health_TlsWithTheCaAndNoApiKey_Serving()
    {
        var result = (await engine.RunAsync("health")).Ok();

        Assert.Equal($"{engine.Endpoint}  SERVING", result.Out.Trim());
    }

    [Fact]
    public async Task Health_WithoutTheCa_ExitsOneSayingWhy()
    {
        var result = await CliRunner.RunAsync(["health", "-e", engine.Endpoint]);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("--ca-cert", result.Out, StringComparison.Ordinal);
    }
}
