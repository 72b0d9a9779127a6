using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeuronEngine.Testing;

/// <summary>
/// A test CA made in the test (never openssl, never the machine's store) and PEM files of what it issues, in a
/// directory the caller owns: engine certificates for loopback names, client certificates, and strangers (self-signed
/// or from another CA) that must be refused.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly string directory;
    private readonly ECDsa caKey;
    private readonly X509Certificate2 ca;
    private int issued;

    /// <summary>Makes a CA named <paramref name="name"/> and writes its certificate to <c>&lt;name&gt;-ca.pem</c>.</summary>
    public TestCertificates(string directory, string name = "test")
    {
        this.directory = directory;
        Directory.CreateDirectory(directory);
        caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=NeuronEngine {name} CA", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaFile = Path.Combine(directory, $"{name}-ca.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        Name = name;
    }

    public string Name { get; }

    /// <summary>The CA's certificate (PEM).</summary>
    public string CaFile { get; }

    /// <summary>An engine certificate for <paramref name="names"/> (IP addresses or DNS names); default 127.0.0.1, ::1 and localhost.</summary>
    public PemPair IssueServer(params string[] names) =>
        Issue($"server-{string.Join('-', names.Length == 0 ? ["loopback"] : names).Replace(':', '_')}", ServerAuth, names.Length == 0 ? ["127.0.0.1", "::1", "localhost"] : names);

    /// <summary>A client certificate for <paramref name="name"/>, issued by this CA.</summary>
    public PemPair IssueClient(string name) => Issue($"client-{name}", ClientAuth, []);

    /// <summary>A certificate with the given extended key usage only (to test what an engine refuses).</summary>
    public PemPair IssueFor(string name, Oid usage) => Issue(name, usage, ["127.0.0.1", "localhost"]);

    /// <summary>A self-signed client certificate nobody issued.</summary>
    public PemPair SelfSignedClient(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuth], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Write($"self-{name}", certificate, key);
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
    }

    private PemPair Issue(string file, Oid usage, string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={file}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                if (IPAddress.TryParse(name, out var address))
                {
                    san.AddIpAddress(address);
                }
                else
                {
                    san.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        return Write($"{Name}-{file}", certificate, key);
    }

    private PemPair Write(string file, X509Certificate2 certificate, ECDsa key)
    {
        // Numbered: two certificates for the same name must not share a file.
        var unique = $"{file}-{Interlocked.Increment(ref issued)}";
        var pair = new PemPair(Path.Combine(directory, $"{unique}.pem"), Path.Combine(directory, $"{unique}.key"));
        File.WriteAllText(pair.Certificate, certificate.ExportCertificatePem());
        File.WriteAllText(pair.Key, key.ExportPkcs8PrivateKeyPem());
        return pair;
    }
}
