using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Worker;

/// <summary>How the trainer finds its engine and works. Bound from the <c>Trainer</c> section and the command line.</summary>
internal sealed class TrainerOptions
{
    public const string SectionName = "Trainer";

    /// <summary>The engine's gRPC address. Default <c>http://127.0.0.1:7070</c>.</summary>
    public string Engine { get; set; } = "http://127.0.0.1:7070";

    /// <summary>The engine's data directory (for its <c>trainer.token</c>, and the event log when a lease does not name it). Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The file holding the engine's trainer token. Empty: <c>&lt;DataDir&gt;/trainer.token</c>.</summary>
    public string TokenFile { get; set; } = "";

    /// <summary>
    /// A file holding the API key sent as <c>authorization: Bearer</c> on every call (trailing newline ignored). Empty:
    /// the environment variable <c>NEURON_API_KEY</c>, else none (an engine in <c>--auth loopback</c> mode takes calls
    /// from its own machine without one). An external trainer needs an <c>operator</c> key: it leases runs of every tenant.
    /// </summary>
    public string ApiKeyFile { get; set; } = "";

    /// <summary>
    /// PEM file of the CA(s) the engine's certificate must chain to, instead of the machine's trusted roots; the name in
    /// <see cref="Engine"/> must match the certificate. Empty: the machine's roots.
    /// </summary>
    public string CaCertificate { get; set; } = "";

    /// <summary>
    /// PEM file of the engine's own certificate: the trainer trusts exactly that certificate, whatever name or CA it
    /// has (the sidecar gets this from its engine). Exclusive with <see cref="CaCertificate"/>.
    /// </summary>
    public string EngineCertificate { get; set; } = "";

    /// <summary>PEM file of the client certificate presented to an engine that requires one (mutual TLS); with <see cref="ClientKey"/>.</summary>
    public string ClientCertificate { get; set; } = "";

    /// <summary>PEM file of <see cref="ClientCertificate"/>'s private key (unencrypted).</summary>
    public string ClientKey { get; set; } = "";

    /// <summary>Who holds leases, for the engine's records. Empty: <c>&lt;host&gt;-&lt;pid&gt;</c>.</summary>
    public string TrainerId { get; set; } = "";

    /// <summary>TorchSharp threads. 0: the processor count.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Where runs train: <c>auto</c> (the first CUDA device when TorchSharp finds one, else the CPU), <c>cpu</c>,
    /// <c>cuda</c> or <c>cuda:N</c>; a CUDA device that is not there stops the trainer at start. Default <c>auto</c>.
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>How long one <c>LeaseRun</c> call waits for a queued run. Default 10 seconds.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a running run heartbeats, reports progress and sends its log lines. Default 1 second.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop when stdin closes (the engine's sidecar mode: the engine closes it, or dies). Default false.</summary>
    public bool StdinLifetime { get; set; }

    public string ResolvedTokenFile => TokenFile.Length > 0 ? TokenFile : Path.Combine(DataDir, "trainer.token");

    public string ResolvedTrainerId => TrainerId.Length > 0 ? TrainerId : $"{Environment.MachineName}-{Environment.ProcessId}";

    public int ResolvedThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Every broken rule, as <c>Trainer:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(Engine, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{SectionName}:Engine must be an http:// or https:// address (got \"{Engine}\")");
        }
        else if (uri.Scheme == "http" && !EngineAddress.IsThisMachine(uri))
        {
            errors.Add($"{SectionName}:Engine {Engine} is another machine over http://: the trainer will not send its key and token there in cleartext; use https:// (with --ca-cert or --engine-cert for a private CA)");
        }
        else if (uri.Scheme == "http" && (CaCertificate.Length > 0 || EngineCertificate.Length > 0 || ClientCertificate.Length > 0))
        {
            errors.Add($"{SectionName}:Engine {Engine} is http://, but certificates are given (--ca-cert, --engine-cert, --client-cert): use https://");
        }

        if (CaCertificate.Length > 0 && EngineCertificate.Length > 0)
        {
            errors.Add($"{SectionName}:CaCertificate and {SectionName}:EngineCertificate exclude each other (--ca-cert trusts a CA, --engine-cert one certificate)");
        }

        if (ClientCertificate.Length > 0 != ClientKey.Length > 0)
        {
            errors.Add($"{SectionName}:ClientCertificate and {SectionName}:ClientKey go together (--client-cert, --client-key)");
        }

        if (string.IsNullOrWhiteSpace(DataDir) && string.IsNullOrWhiteSpace(TokenFile))
        {
            errors.Add($"{SectionName}:DataDir or {SectionName}:TokenFile must be set");
        }

        if (Threads is < 0 or > 1024)
        {
            errors.Add($"{SectionName}:Threads must be 0-1024 (got {Threads})");
        }

        if (TrainingDevice.Validate($"{SectionName}:Device", Device) is { } device)
        {
            errors.Add(device);
        }

        if (LeaseWait < TimeSpan.Zero || LeaseWait > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{SectionName}:LeaseWait must be 0-30 seconds (got {LeaseWait})");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{SectionName}:HeartbeatInterval must be 0.1-5 seconds (got {HeartbeatInterval})");
        }

        return errors;
    }
}
