using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.IntegrationTests.Tls;

/// <summary>TLS files the engine cannot use stop the real executable like any other bad setting.</summary>
[Collection(ProcessTests.Name)]
public sealed class TlsConfigurationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_TlsKeyFileMissing_OneLineNamingItAndExitCode2()
    {
        using var data = new TempDirectory("tls-config");
        using var pki = new TempDirectory("tls-config-pki");
        using var certificates = new TestCertificates(pki.Path);
        var server = certificates.IssueServer();
        var missing = pki.Combine("no-such-key.pem");

        await using var engine = EngineProcess.Launch(data.Path, output, "--tls-cert", server.Certificate, "--tls-key", missing);

        Assert.Equal(2, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(engine.Lines, l => l.Contains("invalid configuration", StringComparison.Ordinal));
        Assert.StartsWith($"neuron-engine: invalid configuration: Tls:Key: cannot read {missing}", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }
}
