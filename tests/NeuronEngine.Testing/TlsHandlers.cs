using System.Security.Cryptography.X509Certificates;
using NeuronEngine.Core.Tls;

namespace NeuronEngine.Testing;

/// <summary>HTTP handlers for tests' own channels to an engine serving TLS: trusting a test CA only, and presenting a client certificate.</summary>
public static class TlsHandlers
{
    /// <summary>A handler that trusts only the CA in <paramref name="caFile"/> and presents <paramref name="client"/> when given.</summary>
    public static SocketsHttpHandler Trusting(string caFile, PemPair? client = null)
    {
        var authority = CertificateAuthority.Load(caFile, "test CA");
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            certificate is X509Certificate2 presented
            && (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            && authority.Trusts(presented, chain, PemCertificates.ServerAuthentication);
        if (client is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(client.Certificate, client.Key);
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return handler;
    }
}
