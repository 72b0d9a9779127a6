using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using NeuronEngine.Engine.Tls;

namespace NeuronEngine.Server.Hosting;

public static partial class EngineHost
{
    /// <summary>
    /// One listener: its protocol, and TLS with the engine's certificate when <c>Tls:*</c> is set. With
    /// <c>Tls:ClientCa</c> every connection must present a client certificate that <see cref="TlsCredentials.AcceptsClient"/>
    /// accepts; the handshake fails otherwise, before any call is read.
    /// </summary>
    /// <remarks>The gRPC port offers only HTTP/2, so TLS negotiates <c>h2</c> by ALPN; the metrics port only HTTP/1.1; the console port both under TLS.</remarks>
    private static void Listen(ListenOptions listen, HttpProtocols protocols, TlsCredentials tls)
    {
        listen.Protocols = protocols;
        if (!tls.Enabled)
        {
            return;
        }

        listen.UseHttps(https =>
        {
            https.ServerCertificate = tls.ServerCertificate;
            https.ServerCertificateChain = tls.ServerChain;
            if (tls.RequiresClientCertificate)
            {
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;

                // The chain the runtime built against the machine's roots is ignored: only the client CA (and the
                // sidecar's own certificate) count.
                https.ClientCertificateValidation = (certificate, chain, _) => tls.AcceptsClient(certificate, chain);
            }
        });
    }
}
