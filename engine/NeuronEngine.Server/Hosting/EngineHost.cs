using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Security;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Engine.Tls;
using NeuronEngine.Server.Console;
using NeuronEngine.Server.Telemetry;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;

namespace NeuronEngine.Server.Hosting;

/// <summary>Builds and runs the engine: the thin host around <see cref="EngineServiceCollectionExtensions.AddNeuronEngineHost"/>.</summary>
public static partial class EngineHost
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--port"] = "Engine:Port",
        ["--host"] = "Engine:Host",
        ["--data-dir"] = "Engine:DataDir",
        ["--durability"] = "EventLog:Durability",
        ["--repair-log"] = "EventLog:Repair",
        ["--trainer"] = "Trainer:Mode",
        ["--tls-cert"] = "Tls:Certificate",
        ["--tls-key"] = "Tls:Key",
        ["--tls-client-ca"] = "Tls:ClientCa",
        ["--metrics-port"] = "Telemetry:MetricsPort",
        ["--console-port"] = "Console:Port",
        ["--otlp-endpoint"] = "Telemetry:OtlpEndpoint",
        ["--log-format"] = ConsoleLogFormat.Key,
        ["--auth"] = "Auth:Mode",
        ["--cluster"] = "Cluster:Redis",
    };

    /// <summary>Keys the generic host reads from the command line itself.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "environment", "contentRoot", "applicationName" };

    /// <summary>Builds the engine from command-line arguments, environment (<c>NEURON_</c> prefix) and appsettings.</summary>
    /// <remarks>
    /// An embedded engine (tests, benchmarks) has no metrics listener unless <c>Telemetry:MetricsPort</c> is set, and no
    /// web console unless <c>Console:Port</c> is.
    /// </remarks>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) => Build(args, configure, embedded: true);

    private static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure, bool embedded)
    {
        // Switches first: one the engine does not know (a misspelt --durabilty, an --auth it does not have) must stop
        // start-up, not leave the engine running on defaults.
        args = ClusterSwitch.Rewrite(args, out var clusterError);
        var errors = new List<string>(UnknownSwitches(args));
        if (clusterError is not null)
        {
            errors.Add(clusterError);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = errors.Count == 0 ? args : [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("NEURON_");
        if (errors.Count == 0)
        {
            builder.Configuration.AddCommandLine(args, SwitchMappings);
        }

        if (embedded)
        {
            builder.Configuration[$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.MetricsPort)}"] ??= "0";
            builder.Configuration[$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.Port)}"] ??= "0";
        }

        if (ConsoleLogFormat.Configure(builder.Logging, builder.Configuration[ConsoleLogFormat.Key]) is { } logFormatError)
        {
            errors.Add(logFormatError);
        }

        // The host logs a start-up failure with its stack trace; the engine prints one line instead (RunAsync).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var engine = kestrel.ApplicationServices.GetRequiredService<IOptions<EngineOptions>>().Value;
            var telemetry = kestrel.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
            var console = kestrel.ApplicationServices.GetRequiredService<IOptions<ConsoleOptions>>().Value;
            var tls = kestrel.ApplicationServices.GetRequiredService<TlsCredentials>();
            var address = engine.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(engine.Host);
            kestrel.Listen(address, engine.Port, listen => Listen(listen, HttpProtocols.Http2, tls));
            if (telemetry.MetricsPort > 0)
            {
                kestrel.Listen(address, telemetry.MetricsPort, listen => Listen(listen, HttpProtocols.Http1, tls));
            }

            // After the gRPC port, which stays the first address (the trainer sidecar and the start-up line use it).
            // Browsers speak HTTP/2 only over TLS (ALPN); in cleartext the console is HTTP/1.1.
            if (console.Port > 0)
            {
                kestrel.Listen(address, console.Port, listen => Listen(listen, tls.Enabled ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1, tls));
            }

            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        builder.Services.AddNeuronEngineHost(builder.Configuration);
        builder.Services.AddNeuronConsole(builder.Configuration);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<EngineOptions>>((host, engine) => host.ShutdownTimeout = engine.Value.ShutdownTimeout);
        configure?.Invoke(builder);

        // Every section is bound and checked here, before anything touches the data directory, so a bad value (or one
        // that does not even parse, or a key no option has) stops the engine with one line naming every problem. A
        // provider of its own, because building the application already reads options (Kestrel's, the host's) and would
        // stop at the first bad section.
        using (var probe = builder.Services.BuildServiceProvider())
        {
            errors.AddRange(BoundSection.Check(probe, builder.Configuration));
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(EngineOptions.SectionName, typeof(EngineOptions), errors);
        }

        var app = builder.Build();

        app.UseNeuronConsolePorts();
        app.UseNeuronEngineAuthentication();
        app.UseNeuronConsole();
        app.MapNeuronEngine();
        return app;
    }

    /// <summary>
    /// Command-line switches the engine does not take, read the way the configuration's command-line parser reads them
    /// (<c>--name value</c>, <c>--name=value</c>, <c>/name value</c>, mapped switches in any case, a bare
    /// <c>Section:Key=value</c>): anything but the mapped switches (<c>--port</c>, …), a <c>--Section:Key</c> (whose key
    /// <see cref="BoundSection.Check"/> checks), or the host's own <c>--environment</c>, <c>--contentRoot</c> and
    /// <c>--applicationName</c>; and a switch with no value.
    /// </summary>
    internal static IEnumerable<string> UnknownSwitches(string[] args)
    {
        var known = string.Join(", ", SwitchMappings.Keys);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var typed = separator < 0 ? arg : arg[..separator];
            var hasValue = separator >= 0;
            var name = typed.StartsWith("--", StringComparison.Ordinal) ? typed[2..]
                : typed.StartsWith('/') ? typed[1..]
                : typed.StartsWith('-') ? null
                : hasValue && typed.Contains(':', StringComparison.Ordinal) ? typed
                : null;
            var mapped = SwitchMappings.ContainsKey(typed.StartsWith('/') ? "--" + name : typed);
            if (name is null && !mapped)
            {
                yield return typed.StartsWith('-')
                    ? $"unknown option {typed} (the options are {known}, or --Section:Key value)"
                    : $"unexpected argument \"{arg}\" (options come as --name value or --name=value)";
                continue;
            }

            if (!mapped && !name!.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(name))
            {
                yield return $"unknown option {typed} (the options are {known}, or --Section:Key value)";
            }

            if (!hasValue && ++i >= args.Length)
            {
                yield return $"option {typed} needs a value";
            }
        }
    }

    /// <summary>Runs the engine until SIGTERM/Ctrl-C. Returns the process exit code; a bad start prints one line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args, null, embedded: false);
        }
        catch (OptionsValidationException ex)
        {
            await System.Console.Error.WriteLineAsync($"neuron-engine: invalid configuration: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Configuration;
        }

        await using (app)
        {
            try
            {
                // Returns once recovery and model loading are done (the server listens, NOT_SERVING, meanwhile); a
                // recovery failure surfaces here, as it did when recovery ran before listening.
                await app.StartAsync();
                var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NeuronEngine");
                var addresses = string.Join(", ", GetAddresses(app));
                if (!app.Lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    Log.Listening(logger, addresses);
                    WarnIfExposed(app, logger);
                    AnnounceConsole(app, logger);
                }

                await app.WaitForShutdownAsync();
                return Environment.ExitCode;
            }
            catch (OptionsValidationException ex)
            {
                await System.Console.Error.WriteLineAsync($"neuron-engine: invalid configuration: {string.Join("; ", ex.Failures)}");
                return ExitCodes.Configuration;
            }
            catch (NeuronException ex) when (ex.Kind is ErrorKind.DataLoss or ErrorKind.FailedPrecondition)
            {
                await System.Console.Error.WriteLineAsync($"neuron-engine: cannot start: {ex.Message}");
                return ExitCodes.Storage;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or NeuronException or UnauthorizedAccessException)
            {
                // A port in use, a data directory that cannot be written, …: one line, not a stack trace.
                await System.Console.Error.WriteLineAsync($"neuron-engine: cannot start: {ex.Message.Split('\n')[0]}");
                return ExitCodes.Failure;
            }
        }
    }

    /// <summary>Listening beyond this machine with loopback trusted: a proxy on this host would make strangers the operator.</summary>
    private static void WarnIfExposed(WebApplication app, ILogger logger)
    {
        var host = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.Host;
        var mode = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode;
        var beyondThisMachine = host != "localhost" && !IPAddress.IsLoopback(IPAddress.Parse(host));
        if (mode == AuthMode.Loopback && beyondThisMachine)
        {
            Log.ExposedLoopbackMode(logger, host);
        }

        // The sign-in page takes an API key: in cleartext beyond this machine it crosses the network readable.
        if (beyondThisMachine && app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Port > 0
            && !app.Services.GetRequiredService<IOptions<TlsOptions>>().Value.Enabled)
        {
            Log.CleartextConsole(logger, host);
        }
    }

    /// <summary>Where to open the web console, when it is on.</summary>
    private static void AnnounceConsole(WebApplication app, ILogger logger)
    {
        var port = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Port;
        if (port > 0 && GetAddresses(app).FirstOrDefault(a => a.EndsWith($":{port}", StringComparison.Ordinal)) is { } address)
        {
            Log.ConsoleAt(logger, address);
        }
    }

    /// <summary>The addresses Kestrel bound (with the real port when 0 was asked for).</summary>
    public static IReadOnlyCollection<string> GetAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information, Message = "NeuronEngine listening on {Addresses}")]
        public static partial void Listening(ILogger logger, string addresses);

        [LoggerMessage(EventId = 2, EventName = "ExposedInLoopbackMode", Level = LogLevel.Warning,
            Message = "Listening on {Host} with --auth loopback: calls from other hosts need an API key, but anything on this host (a reverse proxy too) is the operator without one. Use --auth required when a proxy or other users share this machine")]
        public static partial void ExposedLoopbackMode(ILogger logger, string host);

        [LoggerMessage(EventId = 4, EventName = "CleartextConsole", Level = LogLevel.Warning,
            Message = "The web console listens on {Host} without TLS: API keys typed into its sign-in page, and its session cookie, cross the network in cleartext. Set Tls:Certificate and Tls:Key; or bind to loopback behind a TLS proxy with --auth required and Console:PublicOrigin; or turn it off with --console-port 0")]
        public static partial void CleartextConsole(ILogger logger, string host);

        [LoggerMessage(EventId = 3, EventName = "ConsoleAddress", Level = LogLevel.Information, Message = "Web console at {Address}/console/")]
        public static partial void ConsoleAt(ILogger logger, string address);
    }
}
