using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeuronEngine.Core.Tls;

/// <summary>
/// A private CA (a PEM bundle of root certificates) as the only trust anchor: a peer's certificate is trusted when it
/// chains to one of these roots, through intermediates the peer sent, and allows the usage asked for. The machine's
/// trusted roots play no part, so a certificate from a public CA is refused like any stranger's.
/// </summary>
/// <remarks>
/// Revocation is not checked: private CAs rarely publish revocation lists, and a check that cannot reach one would
/// refuse every peer. What a certificate lets in is an encrypted connection; the API key on each call is the credential
/// that can be revoked. Thread-safe: each check builds its own chain.
/// </remarks>
public sealed class CertificateAuthority
{
    private readonly X509Certificate2Collection roots;

    /// <summary>Trusts <paramref name="roots"/>.</summary>
    public CertificateAuthority(X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        this.roots = roots;
    }

    /// <summary>The CA certificates in the PEM file at <paramref name="path"/>.</summary>
    /// <exception cref="NeuronException">InvalidArgument naming <paramref name="setting"/> when the file cannot be used.</exception>
    public static CertificateAuthority Load(string path, string setting) => new(PemCertificates.LoadBundle(path, setting));

    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of the roots, is valid now and allows <paramref name="usage"/>
    /// (<see cref="PemCertificates.ServerAuthentication"/> or <see cref="PemCertificates.ClientAuthentication"/>).
    /// </summary>
    /// <param name="certificate">The peer's certificate.</param>
    /// <param name="presented">The chain TLS built for it, whose extra store holds the intermediates the peer sent; may be null.</param>
    /// <param name="usage">The extended key usage the certificate must allow.</param>
    public bool Trusts(X509Certificate2 certificate, X509Chain? presented, Oid usage)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        try
        {
            return chain.Build(certificate);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
