using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Devices;
using NeuronEngine.Trainer.Evaluation;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.Auto;
using NeuronEngine.Trainer.Recipes.Ease;
using NeuronEngine.Trainer.Recipes.Neighbours;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Worker;

/// <summary>The trainer process: options from <c>Trainer:*</c>, env <c>NEURON_TRAINER_*</c> and the command line, and the worker.</summary>
internal static class TrainerHost
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--engine"] = "Trainer:Engine",
        ["--data-dir"] = "Trainer:DataDir",
        ["--token-file"] = "Trainer:TokenFile",
        ["--trainer-id"] = "Trainer:TrainerId",
        ["--threads"] = "Trainer:Threads",
        ["--device"] = "Trainer:Device",
        ["--api-key-file"] = "Trainer:ApiKeyFile",
        ["--ca-cert"] = "Trainer:CaCertificate",
        ["--engine-cert"] = "Trainer:EngineCertificate",
        ["--client-cert"] = "Trainer:ClientCertificate",
        ["--client-key"] = "Trainer:ClientKey",
    };

    /// <summary>Runs until stopped (SIGTERM, Ctrl-C, or stdin closing with <c>--stdin-lifetime</c>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // A bare flag is not a key=value pair for the command-line provider; map it before it sees the rest.
        var stdinLifetime = args.Contains("--stdin-lifetime", StringComparer.Ordinal);
        args = [.. args.Where(a => a != "--stdin-lifetime")];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("NEURON_");
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // Every section is bound and checked before anything starts: one line naming every problem, exit 2.
        var errors = new List<string>();
        var options = Bind<TrainerOptions>(builder.Configuration, TrainerOptions.SectionName, o => o.Validate(), errors);
        var pooledHistory = Bind<PooledHistoryOptions>(builder.Configuration, PooledHistoryOptions.SectionName, o => o.Validate(), errors);
        var ease = Bind<EaseOptions>(builder.Configuration, EaseOptions.SectionName, o => o.Validate(), errors);
        var itemKnn = Bind<ItemKnnOptions>(builder.Configuration, ItemKnnOptions.SectionName, o => o.Validate(), errors);
        var auto = Bind<AutoOptions>(builder.Configuration, AutoOptions.SectionName, o => o.Validate(), errors);
        var run = Bind<RunExecutorOptions>(builder.Configuration, RunExecutorOptions.SectionName, o => o.Validate(), errors);
        var split = Bind<SplitOptions>(builder.Configuration, SplitOptions.SectionName, o => o.Validate(), errors);
        var evaluation = Bind<EvaluationOptions>(builder.Configuration, EvaluationOptions.SectionName, o => o.Validate(), errors);
        var telemetry = Bind<Telemetry.TrainerTelemetryOptions>(builder.Configuration, Telemetry.TrainerTelemetryOptions.SectionName, o => o.Validate(), errors);
        var credentials = errors.Count == 0 ? EngineCredentials.Load(options, Environment.GetEnvironmentVariable, errors) : null;
        TrainerDevice? device = null;
        if (errors.Count == 0 && TrainingDevice.TryParse(options.Device, out var requested) && !TrainerDevice.TryChoose(requested, TorchCuda.Detect(), out device, out var refused))
        {
            errors.Add(refused);
        }

        if (credentials is null || device is null || errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"neuron-trainer: invalid configuration: {string.Join("; ", errors)}");
            return TrainerExitCodes.RefusedConfiguration;
        }

        options.StdinLifetime |= stdinLifetime;
        if (options.Threads > 0)
        {
            pooledHistory.Threads = options.Threads;
            itemKnn.Threads = options.Threads;
            evaluation.MaxDegreeOfParallelism = options.Threads;
        }

        TorchSharp.torch.set_num_threads(options.ResolvedThreads);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(credentials);
        builder.Services.AddSingleton(device);
        builder.Services.AddSingleton<EngineLink>();
        builder.Services.AddSingleton(sp => new RunExecutor(
            new RecipeCatalog(pooledHistory, ease, itemKnn, auto), run, split, evaluation, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RunExecutor>>(), device));
        builder.Services.AddSingleton<RunExecution>(sp => sp.GetRequiredService<RunExecutor>().ExecuteAsync);
        builder.Services.AddHostedService<TrainerWorker>();
        Telemetry.TrainerTelemetryServiceCollectionExtensions.AddTrainerTelemetry(builder.Services, telemetry);
        if (options.StdinLifetime)
        {
            builder.Services.AddHostedService<StdinLifetime>();
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }

    private static TOptions Bind<TOptions>(ConfigurationManager configuration, string section, Func<TOptions, IReadOnlyList<string>> validate, List<string> errors)
        where TOptions : class, new()
    {
        try
        {
            var options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
            errors.AddRange(validate(options));
            return options;
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{section}: {ex.Message}");
            return new TOptions();
        }
    }
}
