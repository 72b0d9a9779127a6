using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using NeuronEngine.Server.Training.Sidecar;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;

namespace NeuronEngine.Server.Hosting;

/// <summary>Builds and runs the engine: the thin host around <see cref="EngineServiceCollectionExtensions.AddNeuronEngine"/>.</summary>
public static partial class EngineHost
{
    /// <summary>Exit code for any other start-up failure (a port in use, an unwritable data directory).</summary>
    public const int ExitFailure = 1;

    /// <summary>Exit code for invalid configuration.</summary>
    public const int ExitConfiguration = 2;

    /// <summary>Exit code when stored data cannot be recovered (a corrupt log segment, an unreadable registry).</summary>
    public const int ExitStorage = 3;

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--port"] = "Engine:Port",
        ["--host"] = "Engine:Host",
        ["--data-dir"] = "Engine:DataDir",
        ["--durability"] = "EventLog:Durability",
        ["--repair-log"] = "EventLog:Repair",
        ["--trainer"] = "Trainer:Mode",
        ["--metrics-port"] = "Telemetry:MetricsPort",
        ["--otlp-endpoint"] = "Telemetry:OtlpEndpoint",
        ["--log-format"] = Telemetry.ConsoleLogFormat.Key,
    };

    /// <summary>Builds the engine from command-line arguments, environment (<c>NEURON_</c> prefix) and appsettings.</summary>
    /// <remarks>An embedded engine (tests, benchmarks) has no metrics listener unless <c>Telemetry:MetricsPort</c> is set.</remarks>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) => Build(args, configure, embedded: true);

    private static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure, bool embedded)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("NEURON_");
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (embedded)
        {
            builder.Configuration[$"{Telemetry.TelemetryOptions.SectionName}:{nameof(Telemetry.TelemetryOptions.MetricsPort)}"] ??= "0";
        }

        var logFormatError = Telemetry.ConsoleLogFormat.Configure(builder.Logging, builder.Configuration[Telemetry.ConsoleLogFormat.Key]);

        // The host logs a start-up failure with its stack trace; the engine prints one line instead (RunAsync).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        // Every section is bound and checked here, before anything touches the data directory, so a bad value
        // (or one that does not even parse) stops the engine with one line naming every problem.
        var errors = new List<string>();
        if (logFormatError is not null)
        {
            errors.Add(logFormatError);
        }

        var engine = BindAndValidate<EngineOptions>(builder.Configuration, EngineOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<EventLogOptions>(builder.Configuration, EventLogOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<CounterOptions>(builder.Configuration, CounterOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<RegistryOptions>(builder.Configuration, RegistryOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<TrainerSidecarOptions>(builder.Configuration, TrainerSidecarOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<Training.TrainingOptions>(builder.Configuration, Training.TrainingOptions.SectionName, o => o.Validate(), errors);
        var inference = BindAndValidate<InferenceOptions>(builder.Configuration, InferenceOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<Recommend.RecommendBatchingOptions>(builder.Configuration, Recommend.RecommendBatchingOptions.SectionName, o => o.Validate(), errors);
        BindAndValidate<Backup.BackupOptions>(builder.Configuration, Backup.BackupOptions.SectionName, o => o.Validate(), errors);
        var telemetry = BindAndValidate<Telemetry.TelemetryOptions>(builder.Configuration, Telemetry.TelemetryOptions.SectionName, o => o.Validate(), errors);
        if (inference.Provider == "cuda" && !ExecutionProviders.IsCudaAvailable(out var why))
        {
            errors.Add($"{InferenceOptions.SectionName}:Provider=cuda but CUDA is not available ({why}); use auto or cpu, or run the GPU build on a machine with a GPU");
        }
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(EngineOptions.SectionName, typeof(EngineOptions), errors);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = engine.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(engine.Host);
            kestrel.Listen(address, engine.Port, listen => listen.Protocols = HttpProtocols.Http2);
            if (telemetry.MetricsPort > 0)
            {
                kestrel.Listen(address, telemetry.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
            }

            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = engine.ShutdownTimeout);
        builder.Services.AddNeuronEngine(builder.Configuration);
        builder.Services.AddTrainerSidecar(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapNeuronEngine();
        return app;
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
            await Console.Error.WriteLineAsync($"neuron-engine: invalid configuration: {string.Join("; ", ex.Failures)}");
            return ExitConfiguration;
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
                }

                await app.WaitForShutdownAsync();
                return Environment.ExitCode;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync($"neuron-engine: invalid configuration: {string.Join("; ", ex.Failures)}");
                return ExitConfiguration;
            }
            catch (NeuronException ex) when (ex.Kind is ErrorKind.DataLoss or ErrorKind.FailedPrecondition)
            {
                await Console.Error.WriteLineAsync($"neuron-engine: cannot start: {ex.Message}");
                return ExitStorage;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or NeuronException or UnauthorizedAccessException)
            {
                // A port in use, a data directory that cannot be written, …: one line, not a stack trace.
                await Console.Error.WriteLineAsync($"neuron-engine: cannot start: {ex.Message.Split('\n')[0]}");
                return ExitFailure;
            }
        }
    }

    private static TOptions BindAndValidate<TOptions>(ConfigurationManager configuration, string section, Func<TOptions, IReadOnlyList<string>> validate, List<string> errors)
        where TOptions : class, new()
    {
        TOptions options;
        try
        {
            options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the type it expected ("Failed to convert configuration value at 'Engine:Port' …").
            errors.Add(ex.Message);
            return new TOptions();
        }

        errors.AddRange(validate(options));
        return options;
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
    }
}
