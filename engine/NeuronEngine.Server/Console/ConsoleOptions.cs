using NeuronEngine.Core;

namespace NeuronEngine.Server.Console;

/// <summary>The web console. Bound from the <c>Console</c> section; <c>--console-port</c> maps to <see cref="Port"/>.</summary>
public sealed class ConsoleOptions : IValidatedOptions
{
    public const string SectionName = "Console";

    /// <summary>The documented default console port of the engine executable.</summary>
    public const int DefaultPort = 7080;

    /// <summary>
    /// TCP port of the web console (HTTP/1.1 and HTTP/2, on <c>Engine:Host</c>; HTTPS with the engine's certificate when
    /// <c>Tls:Certificate</c> is set); 0 turns it off. Default 7080 for the engine executable.
    /// </summary>
    /// <remarks>
    /// A port of its own, so the gRPC port stays HTTP/2-only and the console can be firewalled apart from clients. Hosts
    /// that embed the engine through <c>EngineHost.Build</c> (tests, benchmarks) get no console unless they set this.
    /// </remarks>
    public int Port { get; set; } = DefaultPort;

    /// <summary>A signed-in session unused this long ends (the browser signs in again). Default 8 hours; 1 minute to 30 days.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// A session ends this long after signing in, used or not (an open tab's polling does not keep a session alive, but
    /// clicking through pages does; this bounds that too). Default 24 hours; 1 minute to 90 days.
    /// </summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Most sessions held at once (they live in the engine's memory); past it, signing in forgets an ended session, else
    /// the least recently used one of the tenant holding the most. Default 1,000; 1 to 100,000.
    /// </summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>
    /// Most live sessions of one API key (the loopback operator counts as one key); signing in again past it ends that
    /// key's least recently used session. Default 10; 1 to 1,000.
    /// </summary>
    public int MaxSessionsPerKey { get; set; } = 10;

    /// <summary>
    /// Host names (comma-separated, no ports) a browser may use to reach the console as the <c>--auth loopback</c>
    /// operator, besides <c>localhost</c> and loopback IP literals. Any other <c>Host</c> must sign in with a key, so a
    /// page on another site whose name re-resolves to 127.0.0.1 (DNS rebinding) is not the operator. Default: none.
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>
    /// The address people open the console at when a reverse proxy serves it (<c>https://console.example.com</c>: scheme,
    /// host and port only). Forms posted from it are accepted, and when it is https the session cookie is <c>Secure</c>
    /// although the proxy speaks plain HTTP to the engine. Default: none (the console is reached directly).
    /// </summary>
    public string? PublicOrigin { get; set; }

    /// <summary><see cref="PublicOrigin"/> parsed, or null when unset or not valid (<see cref="Validate"/> says so).</summary>
    internal Uri? PublicOriginUri =>
        Uri.TryCreate(PublicOrigin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;

    /// <summary>The names in <see cref="AllowedHosts"/>, trimmed.</summary>
    internal IReadOnlyList<string> AllowedHostNames =>
        (AllowedHosts ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every broken rule, as <c>Console:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"{SectionName}:Port must be 0-65535 (0 = off; got {Port})");
        }

        if (SessionIdleTimeout < TimeSpan.FromMinutes(1) || SessionIdleTimeout > TimeSpan.FromDays(30))
        {
            errors.Add($"{SectionName}:SessionIdleTimeout must be 00:01:00 to 30.00:00:00 (got {SessionIdleTimeout})");
        }

        if (SessionMaxLifetime < TimeSpan.FromMinutes(1) || SessionMaxLifetime > TimeSpan.FromDays(90))
        {
            errors.Add($"{SectionName}:SessionMaxLifetime must be 00:01:00 to 90.00:00:00 (got {SessionMaxLifetime})");
        }

        if (MaxSessionsPerKey is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:MaxSessionsPerKey must be 1-1000 (got {MaxSessionsPerKey})");
        }

        if (MaxSessions is < 1 or > 100_000)
        {
            errors.Add($"{SectionName}:MaxSessions must be 1-100000 (got {MaxSessions})");
        }

        if (!string.IsNullOrEmpty(PublicOrigin) && PublicOriginUri is null)
        {
            errors.Add($"{SectionName}:PublicOrigin must be http(s)://host[:port] with no path (got '{PublicOrigin}')");
        }

        foreach (var name in AllowedHostNames)
        {
            if (Uri.CheckHostName(name) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                errors.Add($"{SectionName}:AllowedHosts must be host names without ports, comma-separated (got '{name}')");
            }
        }

        return errors;
    }
}
