namespace NeuronEngine.Trainer.Telemetry;

/// <summary>
/// Where the trainer sends its traces. Bound from the <c>Trainer</c> section (<c>NEURON_Trainer__OtlpEndpoint</c> in the
/// environment, which a sidecar inherits from its engine).
/// </summary>
internal sealed class TrainerTelemetryOptions
{
    public const string SectionName = "Trainer";

    /// <summary>An OpenTelemetry collector's OTLP/gRPC address (e.g. <c>http://collector:4317</c>). Unset (the default): no traces leave the process.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Every broken rule, as <c>Trainer:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return [$"{SectionName}:OtlpEndpoint must be an absolute http or https address (got \"{endpoint}\")"];
        }

        return [];
    }
}
