using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NeuronEngine.Client.Internal;

/// <summary>
/// The TLS side of <see cref="NeuronClientOptions"/>: checks the certificate files and builds the HTTP handler that
/// trusts the given CA (only it) and presents the client certificate.
/// </summary>
/// <remarks>
/// The engine has the same CA check (<c>NeuronEngine.Core.Tls.CertificateAuthority</c>); the SDK is a package of its
/// own and does not take the engine's libraries along for fifteen lines.
/// </remarks>
internal static class ChannelSecurity
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>True when the options ask for anything beyond the default handler.</summary>
    public static bool IsConfigured(NeuronClientOptions options) =>
        options.CaCertificateFile is not null || options.ClientCertificateFile is not null || options.ClientKeyFile is not null;

    /// <summary>
    /// Every problem with the TLS options, each naming its option; the files are read and parsed. <paramref name="endpoint"/>
    /// is the engine's address (the first replica's: they share a scheme), null when unusable.
    /// </summary>
    public static IEnumerable<string> Check(NeuronClientOptions options, Uri? endpoint)
    {
        if (!IsConfigured(options))
        {
            yield break;
        }

        if (endpoint is not null && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            var field = options.Endpoints.Count == 0 ? nameof(NeuronClientOptions.Endpoint) : nameof(NeuronClientOptions.Endpoints);
            yield return $"{field}: must be https when certificate files are given, not \"{endpoint}\"";
        }

        if (options.ClientCertificateFile is null != options.ClientKeyFile is null)
        {
            yield return $"{nameof(NeuronClientOptions.ClientCertificateFile)}, {nameof(NeuronClientOptions.ClientKeyFile)}: set both or neither";
        }
        else if (options.ClientCertificateFile is { } certificate && options.ClientKeyFile is { } key && Try(() => LoadClientCertificate(certificate, key).Dispose()) is { } problem)
        {
            yield return problem;
        }

        if (options.CaCertificateFile is { } ca && Try(() => LoadRoots(ca)) is { } caProblem)
        {
            yield return caProblem;
        }
    }

    /// <summary>The handler for a channel with these options (validated): several HTTP/2 connections, and TLS as configured.</summary>
    public static SocketsHttpHandler CreateHandler(NeuronClientOptions options)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (options.ClientCertificateFile is { } certificateFile && options.ClientKeyFile is { } keyFile)
        {
            var certificate = LoadClientCertificate(certificateFile, keyFile);
            handler.SslOptions.ClientCertificates = [certificate];

            // Present it even when the engine names no acceptable CA, or another one: the engine decides.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (options.CaCertificateFile is { } caFile)
        {
            var roots = LoadRoots(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Trusts(roots, certificate, chain, errors);
        }

        return handler;
    }

    private static bool Trusts(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        // The name check still counts; only the trust anchor changes.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var copy = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        return chain.Build(copy ?? (X509Certificate2)certificate);
    }

    private static X509Certificate2Collection LoadRoots(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"{nameof(NeuronClientOptions.CaCertificateFile)}: cannot use {path}: {OneLine(ex.Message)}", ex);
        }

        return roots.Count > 0
            ? roots
            : throw new ArgumentException($"{nameof(NeuronClientOptions.CaCertificateFile)}: {path} holds no PEM certificate");
    }

    private static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile)
    {
        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{nameof(NeuronClientOptions.ClientCertificateFile)}: cannot read {certificateFile} or {keyFile}: {OneLine(ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"{nameof(NeuronClientOptions.ClientKeyFile)}: {certificateFile} and {keyFile} are not a PEM certificate and its unencrypted private key ({OneLine(ex.Message)})", ex);
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

    private static string? Try(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
