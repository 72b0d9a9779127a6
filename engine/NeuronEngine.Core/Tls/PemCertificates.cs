using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeuronEngine.Core.Tls;

/// <summary>
/// Reads the PEM files TLS is configured with (the engine's certificate and key, a trainer's client certificate, a CA
/// bundle). A file that cannot be used throws <see cref="ErrorKind.InvalidArgument"/> whose field is the setting that
/// named it and whose message is one line naming the file, so a configuration check can print it as it is.
/// </summary>
public static class PemCertificates
{
    /// <summary>Extended key usage: TLS server authentication.</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>Extended key usage: TLS client authentication.</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>
    /// The first certificate of <paramref name="certificatePath"/> with the private key in <paramref name="keyPath"/>;
    /// the file's further certificates (intermediates) come back in <paramref name="chain"/>.
    /// </summary>
    /// <exception cref="NeuronException">InvalidArgument naming the setting: unreadable file, no certificate, no (or another) key.</exception>
    public static X509Certificate2 LoadWithKey(string certificatePath, string certificateSetting, string keyPath, string keySetting, out X509Certificate2Collection chain)
    {
        var certificatePem = Read(certificatePath, certificateSetting);
        var keyPem = Read(keyPath, keySetting);
        var all = Parse(certificatePem, certificatePath, certificateSetting);
        var certificate = FromPem(certificatePem, keyPem, $"{keyPath} (for the certificate in {certificatePath})", keySetting);
        chain = [.. all.Skip(1)];
        return certificate;
    }

    /// <summary>A certificate and its private key from PEM text (a file's content, or what a parent process handed over).</summary>
    /// <param name="certificatePem">PEM text; its first certificate is used.</param>
    /// <param name="keyPem">PEM text holding the certificate's private key (PKCS#8, or PKCS#1/SEC1); not encrypted.</param>
    /// <param name="source">Where the key came from, for the message.</param>
    /// <param name="setting">The setting to blame.</param>
    public static X509Certificate2 FromPem(string certificatePem, string keyPem, string source, string setting)
    {
        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw NeuronException.InvalidArgument(setting, $"{source} holds no usable private key for the certificate ({OneLine(ex.Message)}; encrypted keys are not supported)");
        }

        if (!OperatingSystem.IsWindows())
        {
            return loaded;
        }

        // Windows' TLS stack cannot use a key that lives only in memory; a PKCS#12 round trip gives it a stored one.
        using (loaded)
        {
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Every certificate in the PEM file at <paramref name="path"/> (a CA bundle), at least one.</summary>
    /// <exception cref="NeuronException">InvalidArgument naming the setting: unreadable file, malformed or no certificate.</exception>
    public static X509Certificate2Collection LoadBundle(string path, string setting) => Parse(Read(path, setting), path, setting);

    /// <summary>True when <paramref name="certificate"/> may be used for <paramref name="usage"/>: it has no extended key usage extension, or one that lists it.</summary>
    public static bool AllowsUsage(X509Certificate2 certificate, Oid usage)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(usage);
        var extensions = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return extensions.Count == 0 || extensions.Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == usage.Value));
    }

    private static string Read(string path, string setting)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw NeuronException.InvalidArgument(setting, $"cannot read {path}: {OneLine(ex.Message)}");
        }
    }

    private static X509Certificate2Collection Parse(string pem, string path, string setting)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw NeuronException.InvalidArgument(setting, $"{path} holds a malformed certificate ({OneLine(ex.Message)})");
        }

        return certificates.Count > 0
            ? certificates
            : throw NeuronException.InvalidArgument(setting, $"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
