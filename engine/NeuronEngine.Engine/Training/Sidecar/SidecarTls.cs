using System.Diagnostics;
using NeuronEngine.Engine.Tls;

namespace NeuronEngine.Engine.Training.Sidecar;

/// <summary>
/// How the sidecar trainer reaches an engine that serves TLS: over https on loopback, trusting exactly the engine's
/// certificate, and — when the engine requires client certificates — presenting the one the engine made for it.
/// </summary>
/// <remarks>
/// The trainer pins the certificate rather than checking a CA and a name: the engine's certificate may be issued for a
/// DNS name or by a CA the machine does not trust, and the trainer still comes in on 127.0.0.1. The certificate's path is
/// not secret, so it goes on the command line; the client key goes through the child's environment (readable by the
/// engine's user only, like the API key next to it), never onto the command line or the disk.
/// </remarks>
internal static class SidecarTls
{
    /// <summary>The trainer's switch naming the certificate file to pin.</summary>
    public const string EngineCertificateSwitch = "--engine-cert";

    /// <summary>The environment variable with the sidecar's client certificate (PEM).</summary>
    public const string ClientCertificateVariable = "NEURON_TRAINER_CLIENT_CERT_PEM";

    /// <summary>The environment variable with that certificate's private key (PKCS#8 PEM).</summary>
    public const string ClientKeyVariable = "NEURON_TRAINER_CLIENT_KEY_PEM";

    /// <summary><c>https</c> when the engine serves TLS, else <c>http</c>.</summary>
    public static string Scheme(TlsCredentials tls) => tls.Enabled ? "https" : "http";

    /// <summary>Adds what the trainer needs for the engine's TLS to its start info.</summary>
    public static void Apply(TlsCredentials tls, ProcessStartInfo info)
    {
        if (!tls.Enabled)
        {
            return;
        }

        info.ArgumentList.Add(EngineCertificateSwitch);
        info.ArgumentList.Add(tls.CertificatePath);
        if (tls.SidecarCertificatePem is { } certificate && tls.SidecarKeyPem is { } key)
        {
            info.Environment[ClientCertificateVariable] = certificate;
            info.Environment[ClientKeyVariable] = key;
        }
    }
}
