using System.CommandLine;
using NeuronEngine.Cli.Output;

namespace NeuronEngine.Cli;

/// <summary>The options every command takes (recursive on the root).</summary>
public sealed class GlobalOptions
{
    /// <summary>The engine's default gRPC address.</summary>
    public const string DefaultEndpoint = "http://localhost:7070";

    /// <summary>The engine's gRPC address; <c>NEURON_ENDPOINT</c> when not given.</summary>
    public Option<string> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = "The engine's gRPC address (env NEURON_ENDPOINT; default " + DefaultEndpoint + ")",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_ENDPOINT") ?? DefaultEndpoint,
    };

    /// <summary>The tenant every call acts for; <c>NEURON_TENANT</c>, else the engine's default tenant.</summary>
    public Option<string?> Tenant { get; } = new("--tenant", "-t")
    {
        Description = "The tenant to act for (env NEURON_TENANT; default: the engine's default tenant)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_TENANT"),
    };

    /// <summary>Who is acting, recorded by approvals, promotions and runs; <c>NEURON_ACTOR</c>, else the OS user.</summary>
    public Option<string> Actor { get; } = new("--actor")
    {
        Description = "Who is acting, recorded in the audit log (env NEURON_ACTOR; default: your user name)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NEURON_ACTOR") ?? Environment.UserName,
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

    /// <summary>Adds every global option to <paramref name="root"/>.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(Tenant);
        root.Options.Add(Actor);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
    }
}
