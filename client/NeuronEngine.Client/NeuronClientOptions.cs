using System.Diagnostics.CodeAnalysis;
using NeuronEngine.Client.Internal;

namespace NeuronEngine.Client;

/// <summary>Where the engine is, how the connection is secured, who is calling, and how the event tracker batches and retries.</summary>
public sealed class NeuronClientOptions
{
    /// <summary>Configuration section these options bind from.</summary>
    public const string SectionName = "NeuronClient";

    /// <summary>The engine's gRPC address, an absolute http or https URI; not used when <see cref="Endpoints"/> names any.</summary>
    public string Endpoint { get; set; } = "http://localhost:7070";

    /// <summary>
    /// Several replicas of one engine (a cluster sharing Redis): absolute http or https URIs, all of one scheme, each
    /// <c>scheme://host:port</c> with no path. When it names any, <see cref="Endpoint"/> is not used. With two or more, the
    /// client keeps a connection to each and sends each call to the next replica that is up (round robin).
    /// </summary>
    /// <remarks>
    /// Whatever the number of endpoints, a read or a <c>Track</c> that fails with <c>UNAVAILABLE</c> (the replica went away)
    /// is sent again, a few times with a short back-off, to a replica that is up; writes that are not idempotent
    /// (<c>CreateKey</c>, <c>StartRun</c>, <c>Promote</c>, uploads…) are not. With https, each replica's certificate must
    /// name the host its endpoint names.
    /// </remarks>
    public IList<string> Endpoints { get; set; } = [];

    /// <summary>Sent as <c>x-tenant</c> on every call; null sends none, which the engine reads as <c>default</c>.</summary>
    public string? Tenant { get; set; }

    /// <summary>
    /// The API key, sent as <c>authorization: Bearer &lt;key&gt;</c> on every call; null sends none, which an engine in
    /// <c>--auth loopback</c> mode accepts from its own machine only (as the operator). The key decides the tenant, the
    /// roles and the name recorded in audit records. Never logged, never put in an exception message.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// PEM file of the CA certificate(s) the engine's certificate must chain to, instead of the machine's trusted roots
    /// (a private CA). The endpoints must be https and each host name must match its engine's certificate. Null: the
    /// machine's roots.
    /// </summary>
    /// <remarks>
    /// This and the client certificate apply to the channel the client makes itself and to
    /// <see cref="NeuronClient.CreateHttpHandler"/>; a channel passed to the client keeps the handler it was made with.
    /// </remarks>
    public string? CaCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate for an engine that requires one (mutual TLS); set with <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of <see cref="ClientCertificateFile"/>'s private key (unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Deadline of every unary call that is not given one (duration). Streams that last (watches, uploads) get none unless given one.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most events the tracker sends in one request (count, 1-1000: the engine's limit).</summary>
    public int TrackerMaxBatch { get; set; } = 500;

    /// <summary>Longest an event waits in the tracker before its batch is sent although not full (duration).</summary>
    public TimeSpan TrackerFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events the tracker holds before <c>TrackAsync</c> waits for room (count).</summary>
    public int TrackerMaxBuffered { get; set; } = 10_000;

    /// <summary>
    /// Attempts per batch, the first included, before a transient failure (<see cref="NeuronClientException.IsTransient"/>)
    /// counts its events as lost (count). A failure that is not transient is never retried. With the default back-off, 8
    /// attempts span about 10 s.
    /// </summary>
    public int TrackerMaxAttempts { get; set; } = 8;

    /// <summary>Back-off before the first retry; it doubles per retry up to <see cref="TrackerMaxBackoff"/> (duration).</summary>
    public TimeSpan TrackerInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between two attempts (duration).</summary>
    public TimeSpan TrackerMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest the tracker's <c>DisposeAsync</c> goes on sending and retrying what is buffered (duration). What is still
    /// unsent then is given up on and reported lost as <c>DEADLINE_EXCEEDED</c>; a batch whose acknowledgement was awaited
    /// may have been stored all the same (its events keep their ids, so sending them again is safe).
    /// </summary>
    public TimeSpan TrackerCloseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var uri = Endpoints.Count == 0 ? CheckEndpoint(errors) : CheckEndpoints(errors);

        if (Tenant is { Length: 0 })
        {
            errors.Add($"{nameof(Tenant)}: must be null or non-empty");
        }

        // Never the key itself in a message: messages end up in logs.
        if (ApiKey is not null && (ApiKey.Length == 0 || ApiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            errors.Add($"{nameof(ApiKey)}: must be null or one line without spaces (a key read from a file keeps no newline)");
        }

        errors.AddRange(ChannelSecurity.Check(this, uri));

        if (DefaultDeadline <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(DefaultDeadline)}: must be positive");
        }

        if (TrackerMaxBatch is < 1 or > 1000)
        {
            errors.Add($"{nameof(TrackerMaxBatch)}: must be 1-1000, not {TrackerMaxBatch}");
        }

        if (TrackerFlushInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(TrackerFlushInterval)}: must be positive");
        }

        if (TrackerMaxBuffered < 1)
        {
            errors.Add($"{nameof(TrackerMaxBuffered)}: must be at least 1, not {TrackerMaxBuffered}");
        }

        if (TrackerMaxAttempts < 1)
        {
            errors.Add($"{nameof(TrackerMaxAttempts)}: must be at least 1, not {TrackerMaxAttempts}");
        }

        if (TrackerInitialBackoff <= TimeSpan.Zero || TrackerMaxBackoff < TrackerInitialBackoff)
        {
            errors.Add($"{nameof(TrackerInitialBackoff)}: must be positive and at most {nameof(TrackerMaxBackoff)}");
        }

        // A timer takes at most int.MaxValue milliseconds.
        if (TrackerCloseTimeout <= TimeSpan.Zero || TrackerCloseTimeout.TotalMilliseconds > int.MaxValue)
        {
            errors.Add($"{nameof(TrackerCloseTimeout)}: must be positive and under 24 days");
        }

        return errors;
    }

    /// <summary>The engine addresses these (valid) options name: <see cref="Endpoints"/>, else <see cref="Endpoint"/>.</summary>
    internal IReadOnlyList<Uri> Addresses() =>
        Endpoints.Count == 0 ? [new Uri(Endpoint, UriKind.Absolute)] : [.. Endpoints.Select(e => new Uri(e, UriKind.Absolute))];

    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid NeuronClientOptions: " + string.Join("; ", errors));
        }
    }

    private static bool IsHttp(string? value, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Checks <see cref="Endpoint"/>; returns it when usable.</summary>
    private Uri? CheckEndpoint(List<string> errors)
    {
        if (IsHttp(Endpoint, out var uri))
        {
            return uri;
        }

        errors.Add($"{nameof(Endpoint)}: must be an absolute http or https URI, not \"{Endpoint}\"");
        return null;
    }

    /// <summary>Checks every entry of <see cref="Endpoints"/>; returns the first when all are usable together.</summary>
    private Uri? CheckEndpoints(List<string> errors)
    {
        var before = errors.Count;
        var seen = new HashSet<Uri>();
        var schemes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            if (!IsHttp(endpoint, out var uri))
            {
                errors.Add($"{nameof(Endpoints)}[{i}]: must be an absolute http or https URI, not \"{endpoint}\"");
                continue;
            }

            schemes.Add(uri.Scheme);

            // Calls are balanced by host and port; a path would be silently dropped.
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
            {
                errors.Add($"{nameof(Endpoints)}[{i}]: must be scheme://host:port with no path, not \"{endpoint}\"");
            }
            else if (!seen.Add(new Uri(uri.GetLeftPart(UriPartial.Authority))))
            {
                errors.Add($"{nameof(Endpoints)}[{i}]: \"{endpoint}\" is given twice");
            }
        }

        if (schemes.Count > 1)
        {
            errors.Add($"{nameof(Endpoints)}: must be all http or all https, not both");
        }

        return errors.Count == before ? new Uri(Endpoints[0], UriKind.Absolute) : null;
    }
}
