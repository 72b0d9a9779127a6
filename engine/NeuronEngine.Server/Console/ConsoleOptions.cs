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
    /// Most sessions held at once (they live in the engine's memory); past it, signing in ends the session used least
    /// recently. Default 1,000; 1 to 100,000.
    /// </summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>
    /// Host names (comma-separated, no ports) a browser may use to reach the console as the <c>--auth loopback</c>
    /// operator, besides <c>localhost</c> and loopback IP literals. Any other <c>Host</c> must sign in with a key, so a
    /// page on another site whose name re-resolves to 127.0.0.1 (DNS rebinding) is not the operator. Default: none.
    /// </summary>
    public string? AllowedHosts { get; set; }

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

        if (MaxSessions is < 1 or > 100_000)
        {
            errors.Add($"{SectionName}:MaxSessions must be 1-100000 (got {MaxSessions})");
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
