using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>
/// An engine of a test class's own behind TLS with a test CA (its certificate for 127.0.0.1, ::1 and localhost) and the
/// switches a subclass adds; the CA's files, and a stranger CA, for the clients.
/// </summary>
public abstract class SecureEngine : IAsyncLifetime
{
    private readonly TempDirectory temp = new("client-tls");
    private TestEngine? engine;

    protected SecureEngine()
    {
        Certificates = new TestCertificates(temp.Combine("pki"));
        Stranger = new TestCertificates(temp.Combine("pki"), "stranger");
    }

    public TestCertificates Certificates { get; }

    /// <summary>A CA that issued nothing the engine uses.</summary>
    public TestCertificates Stranger { get; }

    /// <summary>https://127.0.0.1:port.</summary>
    public string Address => engine?.Address ?? throw new InvalidOperationException("not started");

    public string DataDir => temp.Combine("data");

    public async Task InitializeAsync()
    {
        var server = Certificates.IssueServer();
        engine = await TestEngine.StartAsync(DataDir, 0, ["--tls-cert", server.Certificate, "--tls-key", server.Key, .. Switches()]);
    }

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        Certificates.Dispose();
        Stranger.Dispose();
        temp.Dispose();
    }

    /// <summary>The engine's switches besides its certificate.</summary>
    protected abstract string[] Switches();
}
