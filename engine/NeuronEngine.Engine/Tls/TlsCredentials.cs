using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Core.Tls;
using NeuronEngine.Engine.Training.Sidecar;

namespace NeuronEngine.Engine.Tls;

/// <summary>
/// The certificates the engine's TLS runs with, loaded once at start from <see cref="TlsOptions"/>: its own certificate
/// and chain, the CA client certificates must chain to, and — when client certificates are required and the engine
/// starts its trainer — the certificate the sidecar trainer presents.
/// </summary>
/// <remarks>
/// The sidecar's certificate is made here, self-signed, in memory, for this process's lifetime: the engine hands it to
/// the trainer it starts through the child's environment and accepts exactly it besides certificates of the client CA.
/// An operator therefore never issues a certificate for the trainer next to the engine, and none lies on disk.
/// Immutable after construction; <see cref="AcceptsClient"/> is called on Kestrel's threads.
/// </remarks>
internal sealed class TlsCredentials : IDisposable
{
    private readonly CertificateAuthority? clientCa;

    public TlsCredentials(IOptions<TlsOptions> options, IOptions<TrainerSidecarOptions> trainer)
    {
        var tls = options.Value;
        if (!tls.Enabled)
        {
            return;
        }

        ServerCertificate = PemCertificates.LoadWithKey(tls.Certificate, CertificateSetting, tls.Key, KeySetting, out var chain);
        ServerChain = chain;
        CertificatePath = Path.GetFullPath(tls.Certificate);
        if (tls.RequiresClientCertificate)
        {
            clientCa = CertificateAuthority.Load(tls.ClientCa, ClientCaSetting);
            if (trainer.Value.IsSidecar)
            {
                (SidecarCertificate, SidecarCertificatePem, SidecarKeyPem) = CreateSidecarCertificate();
            }
        }
    }

    private static string CertificateSetting => $"{TlsOptions.SectionName}:{nameof(TlsOptions.Certificate)}";

    private static string KeySetting => $"{TlsOptions.SectionName}:{nameof(TlsOptions.Key)}";

    private static string ClientCaSetting => $"{TlsOptions.SectionName}:{nameof(TlsOptions.ClientCa)}";

    /// <summary>True when the engine serves TLS.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(ServerCertificate), nameof(CertificatePath))]
    public bool Enabled => ServerCertificate is not null;

    /// <summary>The engine's certificate with its private key; null without TLS.</summary>
    public X509Certificate2? ServerCertificate { get; }

    /// <summary>The certificates after the first in the certificate file, sent along with it.</summary>
    public X509Certificate2Collection ServerChain { get; } = [];

    /// <summary>The certificate file's absolute path (the sidecar trainer pins the certificate in it); null without TLS.</summary>
    public string? CertificatePath { get; }

    /// <summary>True when every connection must present a client certificate.</summary>
    public bool RequiresClientCertificate => clientCa is not null;

    /// <summary>The sidecar trainer's client certificate; null unless client certificates are required and the trainer is a sidecar.</summary>
    public X509Certificate2? SidecarCertificate { get; }

    /// <summary><see cref="SidecarCertificate"/> as PEM, for the child's environment.</summary>
    public string? SidecarCertificatePem { get; }

    /// <summary>Its private key as PKCS#8 PEM, for the child's environment only.</summary>
    public string? SidecarKeyPem { get; }

    /// <summary>
    /// True when <paramref name="certificate"/> may connect: no client certificates are required, it is exactly the
    /// sidecar's, or it chains to the client CA (only) and allows client authentication.
    /// </summary>
    public bool AcceptsClient(X509Certificate2 certificate, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (clientCa is null)
        {
            return true;
        }

        return (SidecarCertificate is { } sidecar && certificate.RawDataMemory.Span.SequenceEqual(sidecar.RawDataMemory.Span))
            || clientCa.Trusts(certificate, presented, PemCertificates.ClientAuthentication);
    }

    /// <summary>Every problem with the files <paramref name="options"/> names (the configuration check at start).</summary>
    internal static IReadOnlyList<string> Check(TlsOptions options)
    {
        var errors = new List<string>();
        try
        {
            using var certificate = PemCertificates.LoadWithKey(options.Certificate, CertificateSetting, options.Key, KeySetting, out var chain);
            foreach (var extra in chain)
            {
                extra.Dispose();
            }

            if (!PemCertificates.AllowsUsage(certificate, PemCertificates.ServerAuthentication))
            {
                errors.Add($"{CertificateSetting}: the certificate in {options.Certificate} is not for TLS servers (its extended key usage lacks server authentication)");
            }

            if (certificate.NotAfter < DateTime.Now)
            {
                errors.Add($"{CertificateSetting}: the certificate in {options.Certificate} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
            }
        }
        catch (NeuronException ex)
        {
            errors.Add(ex.Message);
        }

        if (options.RequiresClientCertificate)
        {
            try
            {
                _ = CertificateAuthority.Load(options.ClientCa, ClientCaSetting);
            }
            catch (NeuronException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors;
    }

    public void Dispose()
    {
        ServerCertificate?.Dispose();
        SidecarCertificate?.Dispose();
        foreach (var certificate in ServerChain)
        {
            certificate.Dispose();
        }
    }

    private static (X509Certificate2 Certificate, string CertificatePem, string KeyPem) CreateSidecarCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=neuron-trainer-sidecar-{Environment.ProcessId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([PemCertificates.ClientAuthentication], critical: false));

        // Accepted by its exact bytes, not by its dates; the span only has to cover any engine's lifetime.
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return (certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
