using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NeuronEngine.Core;
using NeuronEngine.Core.Tls;

namespace NeuronEngine.Trainer.Worker;

/// <summary>
/// What the trainer shows its engine and whom it believes: the API key every call carries, the client certificate for
/// an engine that requires one, and how the engine's certificate is checked (exactly one pinned certificate, a private
/// CA, or the machine's roots).
/// </summary>
/// <remarks>
/// A sidecar gets all of it from the engine that starts it: the key in <c>NEURON_API_KEY</c>, the engine's certificate
/// file to pin in <c>--engine-cert</c>, and a client certificate made for it in <see cref="ClientCertificateVariable"/>
/// and <see cref="ClientKeyVariable"/>. An external trainer gets the same from its options. Immutable once loaded.
/// </remarks>
internal sealed class EngineCredentials
{
    /// <summary>The environment variable with the API key (the sidecar's engine sets it; never on the command line).</summary>
    public const string ApiKeyVariable = "NEURON_API_KEY";

    /// <summary>The environment variable with the sidecar's client certificate (PEM), set by its engine.</summary>
    public const string ClientCertificateVariable = "NEURON_TRAINER_CLIENT_CERT_PEM";

    /// <summary>The environment variable with that certificate's private key (PEM), set by its engine.</summary>
    public const string ClientKeyVariable = "NEURON_TRAINER_CLIENT_KEY_PEM";

    private readonly X509Certificate2? pinned;
    private readonly CertificateAuthority? authority;

    private EngineCredentials(string? apiKey, X509Certificate2? clientCertificate, X509Certificate2? pinned, CertificateAuthority? authority)
    {
        ApiKey = apiKey;
        ClientCertificate = clientCertificate;
        this.pinned = pinned;
        this.authority = authority;
    }

    /// <summary>No key, no certificates: an engine on this machine in loopback mode, over http.</summary>
    public static EngineCredentials None { get; } = new(null, null, null, null);

    /// <summary>The API key, or null to send none. Never logged.</summary>
    public string? ApiKey { get; }

    /// <summary>The client certificate with its key, or null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>
    /// Reads the key and certificates <paramref name="options"/> (validated) and <paramref name="environment"/> name;
    /// every problem is added to <paramref name="errors"/> as one line, and nothing is returned then.
    /// </summary>
    public static EngineCredentials? Load(TrainerOptions options, Func<string, string?> environment, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var apiKey = ReadApiKey(options, environment, errors);
        X509Certificate2? client = null;
        X509Certificate2? pinned = null;
        CertificateAuthority? authority = null;
        try
        {
            if (options.ClientCertificate.Length > 0)
            {
                client = PemCertificates.LoadWithKey(options.ClientCertificate, $"{TrainerOptions.SectionName}:ClientCertificate", options.ClientKey, $"{TrainerOptions.SectionName}:ClientKey", out _);
            }
            else if (environment(ClientCertificateVariable) is { Length: > 0 } certificatePem)
            {
                client = PemCertificates.FromPem(certificatePem, environment(ClientKeyVariable) ?? "", ClientKeyVariable, ClientCertificateVariable);
            }
        }
        catch (NeuronException ex)
        {
            errors.Add(ex.Message);
        }

        try
        {
            if (options.EngineCertificate.Length > 0)
            {
                pinned = PemCertificates.LoadBundle(options.EngineCertificate, $"{TrainerOptions.SectionName}:EngineCertificate")[0];
            }
            else if (options.CaCertificate.Length > 0)
            {
                authority = CertificateAuthority.Load(options.CaCertificate, $"{TrainerOptions.SectionName}:CaCertificate");
            }
        }
        catch (NeuronException ex)
        {
            errors.Add(ex.Message);
        }

        return errors.Count == before ? new EngineCredentials(apiKey, client, pinned, authority) : null;
    }

    /// <summary>The HTTP handler of the channel to the engine: TLS as configured, several HTTP/2 connections when busy.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (ClientCertificate is { } client)
        {
            handler.SslOptions.ClientCertificates = [client];

            // Present it whatever CA names the engine asks for: the sidecar's certificate is self-signed, not the client CA's.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        if (pinned is not null || authority is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustsEngine(certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>
    /// A pinned certificate is trusted by its exact bytes alone (its name and issuer do not matter); a private CA's by
    /// chaining to it for server authentication, with the name the trainer dialled.
    /// </summary>
    internal bool TrustsEngine(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (certificate is not X509Certificate2 engine)
        {
            using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return TrustsEngine(copy, chain, errors);
        }

        if (pinned is not null)
        {
            return engine.RawDataMemory.Span.SequenceEqual(pinned.RawDataMemory.Span);
        }

        if (authority is not null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                && authority.Trusts(engine, chain, PemCertificates.ServerAuthentication);
        }

        return errors == SslPolicyErrors.None;
    }

    private static string? ReadApiKey(TrainerOptions options, Func<string, string?> environment, List<string> errors)
    {
        string? key;
        string source;
        if (options.ApiKeyFile.Length > 0)
        {
            source = $"{TrainerOptions.SectionName}:ApiKeyFile: {options.ApiKeyFile}";
            try
            {
                key = File.ReadAllText(options.ApiKeyFile).TrimEnd();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{TrainerOptions.SectionName}:ApiKeyFile: cannot read {options.ApiKeyFile}: {ex.Message}");
                return null;
            }
        }
        else
        {
            source = ApiKeyVariable;
            key = environment(ApiKeyVariable)?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }
        }

        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add($"{source} must hold one API key on one line");
            return null;
        }

        return key;
    }
}
