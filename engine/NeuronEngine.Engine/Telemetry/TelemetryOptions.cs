using NeuronEngine.Core;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// Metrics, traces and their exporters. Bound from the <c>Telemetry</c> section; <c>--metrics-port</c> and
/// <c>--otlp-endpoint</c> map here.
/// </summary>
public sealed class TelemetryOptions : IValidatedOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The documented default metrics port of the engine executable (the port Prometheus exporters customarily use).</summary>
    public const int DefaultMetricsPort = 9464;

    /// <summary>
    /// TCP port of the Prometheus scraping endpoint (<c>GET /metrics</c>, HTTP/1.1, on <c>Engine:Host</c>; HTTPS with the
    /// engine's certificate when <c>Tls:Certificate</c> is set); 0 turns it off.
    /// Default 9464 for the engine executable.
    /// </summary>
    /// <remarks>
    /// A separate port, so the gRPC port stays HTTP/2-only and scraping can be firewalled apart from clients. Hosts that
    /// embed the engine through <c>EngineHost.Build</c> (tests, benchmarks) get no listener unless they set this, so two
    /// of them on one machine never fight over 9464.
    /// </remarks>
    public int MetricsPort { get; set; } = DefaultMetricsPort;

    /// <summary>
    /// Base address of an OpenTelemetry collector (OTLP over gRPC, e.g. <c>http://collector:4317</c>). When set,
    /// metrics, traces and logs are exported there too; unset (the default) means no OTLP.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// How many distinct tenants appear as themselves in metric labels; later tenants are labelled <c>other</c>, so a
    /// deployment with many tenants cannot blow up the series count. Default 100.
    /// </summary>
    public int MaxTenantLabels { get; set; } = 100;

    /// <summary>Every broken rule, as <c>Telemetry:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MetricsPort is < 0 or > 65535)
        {
            errors.Add($"{SectionName}:MetricsPort must be 0-65535 (0 = off; got {MetricsPort})");
        }

        if (OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add($"{SectionName}:OtlpEndpoint must be an absolute http or https address (got \"{endpoint}\")");
        }

        if (MaxTenantLabels is < 0 or > 10_000)
        {
            errors.Add($"{SectionName}:MaxTenantLabels must be 0-10000 (got {MaxTenantLabels})");
        }

        return errors;
    }
}
