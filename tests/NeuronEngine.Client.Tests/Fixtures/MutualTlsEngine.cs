namespace NeuronEngine.Client.Tests.Fixtures;

/// <summary>Mutual TLS: client certificates issued by the test CA required; loopback calls need no key.</summary>
public sealed class MutualTlsEngine : SecureEngine
{
    protected override string[] Switches() => ["--tls-client-ca", Certificates.CaFile];
}
