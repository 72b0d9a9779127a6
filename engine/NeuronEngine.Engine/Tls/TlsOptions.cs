using NeuronEngine.Core;

namespace NeuronEngine.Engine.Tls;

/// <summary>
/// TLS on the engine's ports. Bound from the <c>Tls</c> section; <c>--tls-cert</c>, <c>--tls-key</c> and
/// <c>--tls-client-ca</c> map here. All empty (the default): cleartext HTTP/2, for an engine that only this machine
/// reaches.
/// </summary>
public sealed class TlsOptions : IValidatedOptions
{
    public const string SectionName = "Tls";

    /// <summary>
    /// PEM file of the engine's certificate. Its first certificate is the engine's, any further ones (intermediates) are
    /// sent along as its chain. With <see cref="Key"/>, the gRPC port serves HTTP/2 over TLS (ALPN <c>h2</c>) and the
    /// metrics port HTTPS. Empty (the default): no TLS.
    /// </summary>
    public string Certificate { get; set; } = "";

    /// <summary>PEM file of the certificate's private key (unencrypted PKCS#8, PKCS#1 or SEC1). Set together with <see cref="Certificate"/>.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// PEM file of the CA certificates client certificates must chain to (mutual TLS). Every connection to either port
    /// must then present one; only these CAs are trusted, not the machine's. Empty (the default): no client certificates.
    /// </summary>
    public string ClientCa { get; set; } = "";

    /// <summary>True when the engine serves TLS.</summary>
    public bool Enabled => Certificate.Length > 0 || Key.Length > 0;

    /// <summary>True when every connection must present a client certificate.</summary>
    public bool RequiresClientCertificate => ClientCa.Length > 0;

    /// <summary>Every broken rule, as <c>Tls:Key: rule</c>, including files that cannot be read or used; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Certificate.Length > 0 != Key.Length > 0)
        {
            var (given, missing) = Certificate.Length > 0 ? ("Certificate", "Key (--tls-key)") : ("Key", "Certificate (--tls-cert)");
            errors.Add($"{SectionName}:{given} needs {SectionName}:{missing} as well");
        }

        if (RequiresClientCertificate && Certificate.Length == 0 && Key.Length == 0)
        {
            errors.Add($"{SectionName}:ClientCa needs {SectionName}:Certificate and {SectionName}:Key (--tls-cert, --tls-key): client certificates are asked for in the TLS handshake");
        }

        if (errors.Count == 0 && Enabled)
        {
            errors.AddRange(TlsCredentials.Check(this));
        }

        return errors;
    }
}
