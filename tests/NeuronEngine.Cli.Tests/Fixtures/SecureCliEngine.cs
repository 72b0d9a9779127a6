using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Fixtures;

/// <summary>
/// An engine process of a test class's own behind TLS (a test CA) with <c>--auth required</c> and no trainer; the
/// bootstrap operator key's file is in its data directory.
/// </summary>
public sealed class SecureCliEngine : IAsyncLifetime
{
    private readonly TempDirectory data = new("cli-secure");
    private readonly TempDirectory pki = new("cli-secure-pki");
    private EngineProcess? engine;

    public SecureCliEngine() => Certificates = new TestCertificates(pki.Path);

    public TestCertificates Certificates { get; }

    /// <summary>https://127.0.0.1:port.</summary>
    public string Endpoint => engine?.Address ?? throw new InvalidOperationException("the engine has not started");

    /// <summary>The bootstrap operator key's file (0600, written by the engine at its first start).</summary>
    public string OperatorKeyFile => Path.Combine(data.Path, "operator.key");

    /// <summary>A scratch file path for a test.</summary>
    public string Scratch(string name) => pki.Combine($"{Guid.NewGuid():N}-{name}");

    /// <summary>Runs <c>neuron</c> against this engine trusting its CA, with <paramref name="args"/> (key switches included).</summary>
    public Task<CliResult> RunAsync(params string[] args) =>
        CliRunner.RunAsync([.. args, "--endpoint", Endpoint, "--ca-cert", Certificates.CaFile]);

    public async Task InitializeAsync()
    {
        var server = Certificates.IssueServer();
        engine = await EngineProcess.StartAsync(data.Path, null, "--auth", "required", "--tls-cert", server.Certificate, "--tls-key", server.Key);
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        Certificates.Dispose();
        pki.Dispose();
        data.Dispose();
    }
}
