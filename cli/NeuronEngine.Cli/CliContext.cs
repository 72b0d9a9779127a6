using System.CommandLine;
using Google.Protobuf;
using NeuronEngine.Cli.Output;
using NeuronEngine.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuronEngine.Cli;

/// <summary>
/// One command invocation: its parsed options, the console, and a <see cref="NeuronClient"/> made on first use from
/// the global options.
/// </summary>
public sealed class CliContext : IDisposable
{
    private readonly GlobalOptions globals;
    private NeuronClient? client;

    internal CliContext(ParseResult parse, GlobalOptions globals, CliConsole console)
    {
        Parse = parse;
        this.globals = globals;
        Console = console;
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Where output goes.</summary>
    public CliConsole Console { get; }

    /// <summary>table or json.</summary>
    public OutputFormat Format => Parse.GetValue(globals.Output);

    /// <summary>True for <c>--output json</c>: print one JSON document and nothing else on stdout.</summary>
    public bool Json => Format == OutputFormat.Json;

    /// <summary>The engine addresses: one, or each replica's.</summary>
    public IReadOnlyList<string> Endpoints => globals.Endpoints(Parse);

    /// <summary>The engine addresses as one <c>--endpoint</c> value (comma-separated when several).</summary>
    public string Endpoint => string.Join(',', Endpoints);

    /// <summary>The tenant, or null for the engine's default tenant.</summary>
    public string? Tenant => Parse.GetValue(globals.Tenant);

    /// <summary>The deadline of each call.</summary>
    public TimeSpan Timeout => Parse.GetValue(globals.Timeout);

    /// <summary>The client for the engine, tenant, key and certificates given by the global options.</summary>
    public NeuronClient Client => client ??= CreateClient(null);

    /// <summary>A client with the global options and extra settings (e.g. a tracker's batch size).</summary>
    /// <exception cref="CliException">The options are unusable: an unreadable key or certificate file, both key switches, ….</exception>
    public NeuronClient CreateClient(Action<NeuronClientOptions>? configure) => new(ClientOptions(withApiKey: true, configure));

    /// <summary>
    /// The client options the global options give, with extra settings, checked; without the API key (nothing read)
    /// unless <paramref name="withApiKey"/>.
    /// </summary>
    /// <exception cref="CliException">The options are unusable: an unreadable key or certificate file, both key switches, ….</exception>
    public NeuronClientOptions ClientOptions(bool withApiKey, Action<NeuronClientOptions>? configure = null)
    {
        var endpoints = Endpoints;
        var options = new NeuronClientOptions
        {
            // One address stays Endpoint, so its errors read as they always did.
            Endpoint = endpoints.Count == 1 ? endpoints[0] : "",
            Endpoints = endpoints.Count > 1 ? [.. endpoints] : [],
            Tenant = string.IsNullOrEmpty(Tenant) ? null : Tenant,
            ApiKey = withApiKey ? CliCredentials.ApiKey(Parse, globals) : null,
            CaCertificateFile = NullIfEmpty(Parse.GetValue(globals.CaCert)),
            ClientCertificateFile = NullIfEmpty(Parse.GetValue(globals.ClientCert)),
            ClientKeyFile = NullIfEmpty(Parse.GetValue(globals.ClientKey)),
            DefaultDeadline = Timeout,
        };
        configure?.Invoke(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new CliException(string.Join("; ", errors.Select(SwitchNames)));
        }

        return options;
    }

    /// <summary>Gets the value of a command's own option or argument.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>Gets the value of a command's own argument.</summary>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Prints <paramref name="value"/> as one JSON document on stdout.</summary>
    public void WriteJson(object? value) => Console.Out.WriteLine(JsonOutput.Render(value));

    /// <summary>JSON mode: prints the message; table mode: prints <paramref name="table"/>'s result.</summary>
    public void Write(IMessage message, Func<IRenderable> table)
    {
        if (Json)
        {
            WriteJson(message);
        }
        else
        {
            Console.Ansi.Write(table());
        }
    }

    /// <summary>JSON mode: prints the messages as an array; table mode: prints <paramref name="table"/>'s result.</summary>
    public void Write<TMessage>(IEnumerable<TMessage> messages, Func<IRenderable> table)
        where TMessage : IMessage
    {
        if (Json)
        {
            WriteJson(messages.Cast<IMessage>().ToList());
        }
        else
        {
            Console.Ansi.Write(table());
        }
    }

    /// <summary>Prints one line of plain text (not markup) in table mode; nothing in JSON mode.</summary>
    public void Line(string text)
    {
        if (Json)
        {
            return;
        }

        // Redirected output goes out unwrapped: Spectre would wrap it at its assumed width, breaking scripts' lines.
        if (Console.IsInteractive)
        {
            Console.Ansi.WriteLine(text);
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }

    /// <summary>A table with the given column headers, plain style, ready for rows.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    /// <summary>Adds a row of plain-text cells (escaped, so ids with brackets print as they are).</summary>
    public static void Row(Table table, params object?[] cells) =>
        table.AddRow([.. cells.Select(c => (IRenderable)new Text(Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? ""))]);

    /// <inheritdoc />
    public void Dispose() => client?.Dispose();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // The SDK names its options; the user typed switches.
    private static string SwitchNames(string error)
    {
        // "Endpoints[2]: …" counts the addresses across every --endpoint and quotes the bad one: the switch says enough.
        if (error.StartsWith(nameof(NeuronClientOptions.Endpoints), StringComparison.Ordinal))
        {
            return "--endpoint" + error[error.IndexOf(':', StringComparison.Ordinal)..];
        }

        return error
            .Replace(nameof(NeuronClientOptions.CaCertificateFile), "--ca-cert", StringComparison.Ordinal)
            .Replace(nameof(NeuronClientOptions.ClientCertificateFile), "--client-cert", StringComparison.Ordinal)
            .Replace(nameof(NeuronClientOptions.ClientKeyFile), "--client-key", StringComparison.Ordinal)
            .Replace(nameof(NeuronClientOptions.ApiKey), "--api-key", StringComparison.Ordinal)
            .Replace(nameof(NeuronClientOptions.Endpoint), "--endpoint", StringComparison.Ordinal);
    }
}
