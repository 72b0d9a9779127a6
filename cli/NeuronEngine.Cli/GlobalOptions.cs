using System.CommandLine;
using NeuronEngine.Cli.Output;

namespace NeuronEngine.Cli;

/// <summary>The options every command takes (recursive on the root).</summary>
public sealed class GlobalOptions
{
    /// <summary>The engine's default gRPC address.</summary>
    public const string DefaultEndpoint = "http://localhost:7070";

    /// <summary>
    /// The engine's gRPC address, or several replicas' (repeated, comma-separated, or both); <c>NEURON_ENDPOINT</c> (also
    /// a comma-separated list) when not given. Read through <see cref="Endpoints"/>.
    /// </summary>
    public Option<string[]> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = "The engine's gRPC address; for a cluster, each replica's: repeat the switch or separate them with commas, calls are balanced over them (env NEURON_ENDPOINT; default " + DefaultEndpoint + ")",
        Recursive = true,
        DefaultValueFactory = _ => [Environment.GetEnvironmentVariable("NEURON_ENDPOINT") ?? DefaultEndpoint],
    };

    /// <summary>The tenant every call acts for; <c>NEURON_TENANT</c>, else the engine's default tenant.</summary>
    public Option<string?> Tenant { get; } = new("--tenant", "-t")
    {
        Description = "The tenant to act for (env NEURON_TENANT; default: the engine's default tenant)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_TENANT"),
    };

    /// <summary>
    /// The API key. Visible to other users in <c>ps</c>: prefer <see cref="ApiKeyFile"/>. Its environment variable is
    /// read by <see cref="CliCredentials"/>, not as a default value: help prints default values.
    /// </summary>
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key sent as 'authorization: Bearer' (env NEURON_API_KEY). On the command line other users of this machine see it in 'ps': prefer --api-key-file",
        Recursive = true,
    };

    /// <summary>A file holding the API key (env <c>NEURON_API_KEY_FILE</c>, read by <see cref="CliCredentials"/>).</summary>
    public Option<string?> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = "File holding the API key, e.g. one 'neuron keys create' printed (env NEURON_API_KEY_FILE; a trailing newline is ignored). Without a key, an engine in loopback mode takes calls from its own machine only",
        Recursive = true,
    };

    /// <summary>A PEM file of the CA the engine's certificate must chain to; <c>NEURON_CA_CERT</c> when not given.</summary>
    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "PEM file of the CA that issued the engine's certificate, trusted instead of the system's CAs (env NEURON_CA_CERT; needs an https endpoint)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_CA_CERT"),
    };

    /// <summary>A PEM client certificate for an engine that requires one; <c>NEURON_CLIENT_CERT</c> when not given.</summary>
    public Option<string?> ClientCert { get; } = new("--client-cert")
    {
        Description = "PEM file of a client certificate, for an engine that requires one (env NEURON_CLIENT_CERT; with --client-key)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_CLIENT_CERT"),
    };

    /// <summary>The client certificate's private key; <c>NEURON_CLIENT_KEY</c> when not given.</summary>
    public Option<string?> ClientKey { get; } = new("--client-key")
    {
        Description = "PEM file of the client certificate's private key, unencrypted (env NEURON_CLIENT_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_CLIENT_KEY"),
    };

    /// <summary>table or json.</summary>
    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table (for people) or json (one document on stdout, for scripts)",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    /// <summary>The deadline of each call.</summary>
    public Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call to the engine, e.g. 30s, 2m (default 30s)",
        Recursive = true,
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        CustomParser = r => Durations.Parse(r),
    };

    /// <summary>The engine addresses <see cref="Endpoint"/> gives: every value, each split at its commas, blanks left out.</summary>
    public IReadOnlyList<string> Endpoints(ParseResult parse) =>
        [.. (parse.GetValue(Endpoint) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Adds every global option to <paramref name="root"/>.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(Tenant);
        root.Options.Add(ApiKey);
        root.Options.Add(ApiKeyFile);
        root.Options.Add(CaCert);
        root.Options.Add(ClientCert);
        root.Options.Add(ClientKey);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
    }
}
