using NeuronEngine.Core;
namespace NeuronEngine.Engine.Hosting;

/// <summary>Options of the engine host. Bound from the <c>Engine</c> section; <c>--port</c> and <c>--data-dir</c> map here.</summary>
public sealed class EngineOptions : IValidatedOptions
{
    public const string SectionName = "Engine";

    /// <summary>TCP port for gRPC (HTTP/2: cleartext, or TLS when <c>Tls:Certificate</c> is set). 0 picks a free port (logged at start). Default 7070.</summary>
    public int Port { get; set; } = 7070;

    /// <summary>
    /// Address to bind: <c>127.0.0.1</c> (this machine only, the default), <c>0.0.0.0</c> (every interface) or
    /// another local address.
    /// </summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The data directory holding the event log, counters, registry and models. Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Most events in one <c>Track</c> request (or one <c>TrackStream</c> message). Default 1000.</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>How far in the future an event timestamp may be, against server time. Default 10 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most tags on one event. Default 16.</summary>
    public int MaxTagsPerEvent { get; set; } = 16;

    /// <summary>How often the counters are checkpointed. Default 30 seconds.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest gRPC message accepted, in bytes. Default 16 MiB.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest model artifact <c>RegisterVersion</c> accepts, in bytes, both as uploaded and unpacked. Default 2 GiB.</summary>
    public long MaxArtifactBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long shutdown waits for in-flight calls before cancelling them. Default 20 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Every broken rule, as <c>Engine:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"{SectionName}:Port must be 0-65535 (got {Port})");
        }

        if (!System.Net.IPAddress.TryParse(Host, out _) && Host is not "localhost")
        {
            errors.Add($"{SectionName}:Host must be an IP address or localhost (got \"{Host}\")");
        }

        if (string.IsNullOrWhiteSpace(DataDir))
        {
            errors.Add($"{SectionName}:DataDir must not be empty");
        }

        if (MaxBatchEvents is < 1 or > 100_000)
        {
            errors.Add($"{SectionName}:MaxBatchEvents must be 1-100000 (got {MaxBatchEvents})");
        }

        if (MaxFutureSkew < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:MaxFutureSkew must not be negative (got {MaxFutureSkew})");
        }

        if (MaxTagsPerEvent is < 0 or > 256)
        {
            errors.Add($"{SectionName}:MaxTagsPerEvent must be 0-256 (got {MaxTagsPerEvent})");
        }

        if (CheckpointInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{SectionName}:CheckpointInterval must be at least 1 second (got {CheckpointInterval})");
        }

        if (MaxReceiveMessageBytes < 64 * 1024)
        {
            errors.Add($"{SectionName}:MaxReceiveMessageBytes must be at least 65536 (got {MaxReceiveMessageBytes})");
        }

        if (MaxArtifactBytes < 1024)
        {
            errors.Add($"{SectionName}:MaxArtifactBytes must be at least 1024 (got {MaxArtifactBytes})");
        }

        if (ShutdownTimeout < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ShutdownTimeout must not be negative (got {ShutdownTimeout})");
        }

        return errors;
    }
}
