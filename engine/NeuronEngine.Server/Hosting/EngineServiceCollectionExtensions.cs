using Grpc.AspNetCore.Server;
using Grpc.HealthCheck;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Registry;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Server.Errors;
using NeuronEngine.Server.Ingest;
using NeuronEngine.Server.Recommend;
using NeuronEngine.Server.Services;
using NeuronEngine.Server.Serving;
using NeuronEngine.Server.Storage;
using NeuronEngine.Server.Telemetry;
using NeuronEngine.Server.Training;

namespace NeuronEngine.Server.Hosting;

/// <summary>The composition root: every component of the engine, wired once.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>The neuron.v1 services, for health (one entry each) and for tests.</summary>
    public static readonly IReadOnlyList<string> ServiceNames =
    [
        "neuron.v1.EventTypeService",
        "neuron.v1.EventService",
        "neuron.v1.CatalogService",
        "neuron.v1.TemplateService",
        "neuron.v1.TrainingService",
        "neuron.v1.ModelService",
        "neuron.v1.RecommendationService",
        "neuron.v1.RunLeaseService",
        "neuron.v1.AdminService",
    ];

    /// <summary>Adds the engine's components, bound to <paramref name="configuration"/> and validated at start.</summary>
    public static IServiceCollection AddNeuronEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddValidatedOptions<EngineOptions>(services, configuration, EngineOptions.SectionName, o => o.Validate());
        AddValidatedOptions<EventLogOptions>(services, configuration, EventLogOptions.SectionName, o => o.Validate());
        AddValidatedOptions<CounterOptions>(services, configuration, CounterOptions.SectionName, o => o.Validate());
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName));
        AddValidatedOptions<InferenceOptions>(services, configuration, InferenceOptions.SectionName, o => o.Validate());
        AddValidatedOptions<RecommendBatchingOptions>(services, configuration, RecommendBatchingOptions.SectionName, o => o.Validate());
        AddValidatedOptions<TrainingOptions>(services, configuration, TrainingOptions.SectionName, o => o.Validate());
        DeriveStoragePaths(services);

        services.AddNeuronRegistry();
        services.TryAddSingleton<CounterStore>();
        services.TryAddSingleton<IngestSequencer>();
        services.TryAddSingleton<EngineStorage>();
        services.TryAddSingleton<EventTypeCache>();
        services.TryAddSingleton<TrackValidator>();
        services.TryAddSingleton<EventIngest>();
        services.TryAddSingleton<TrackStreamPump>();

        services.TryAddSingleton<ExecutionProviders>();
        services.TryAddSingleton<ModelLoader>();
        services.TryAddSingleton<ModelHost>();
        services.TryAddSingleton<ArtifactStore>();
        services.TryAddSingleton<EndpointChanges>();
        services.TryAddSingleton<Promoter>();
        services.TryAddSingleton<CatalogCache>();
        services.TryAddSingleton<InferenceBatcher>();
        services.TryAddSingleton<Recommender>();

        services.TryAddSingleton<RunChanges>();
        services.TryAddSingleton<TrainerToken>();
        services.TryAddSingleton<DatasetFiles>();
        services.TryAddSingleton<DatasetUploader>();
        services.TryAddSingleton<RunStarter>();
        services.TryAddSingleton<RunStopper>();
        services.TryAddSingleton<RunCompleter>();
        services.TryAddSingleton<RunDirectories>();

        // Storage recovers before anything else starts and stops after everything else has stopped.
        services.AddHostedService(sp => sp.GetRequiredService<EngineStorage>());
        services.TryAddSingleton<ServingStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingStartup>());
        services.AddHostedService<CheckpointService>();
        services.AddHostedService<TrainingStartup>();
        services.AddHostedService<LeaseExpiryService>();

        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<ReadinessInterceptor>();
            o.EnableDetailedErrors = false;
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<EngineOptions>>((grpc, engine) => grpc.MaxReceiveMessageSize = engine.Value.MaxReceiveMessageBytes);
        services.AddGrpcReflection();
        services.AddEngineTelemetry(configuration);
        AddReadiness(services, configuration);
        return services;
    }

    /// <summary>Maps the neuron.v1 services, health and reflection.</summary>
    public static IEndpointRouteBuilder MapNeuronEngine(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<EventTypeServiceImpl>();
        endpoints.MapGrpcService<EventServiceImpl>();
        endpoints.MapGrpcService<CatalogServiceImpl>();
        endpoints.MapGrpcService<TemplateServiceImpl>();
        endpoints.MapGrpcService<TrainingServiceImpl>();
        endpoints.MapGrpcService<ModelServiceImpl>();
        endpoints.MapGrpcService<RecommendationServiceImpl>();
        endpoints.MapGrpcService<RunLeaseServiceImpl>();
        endpoints.MapGrpcService<AdminServiceImpl>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        endpoints.MapEngineTelemetry();
        return endpoints;
    }

    /// <summary>
    /// Readiness and backups: health is NOT_SERVING (overall, per service) until storage has recovered and the promoted
    /// models are loaded; <c>liveness</c> is SERVING whenever the process answers.
    /// </summary>
    private static void AddReadiness(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<EngineReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineReadiness>());
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>("readiness")
            .AddCheck("liveness", () => HealthCheckResult.Healthy());
        services.AddGrpcHealthChecks(o =>
        {
            foreach (var name in ServiceNames)
            {
                o.Services.Map(name, _ => true);
            }

            o.Services.Map("liveness", r => r.Name == "liveness");
        });
        AddValidatedOptions<Backup.BackupOptions>(services, configuration, Backup.BackupOptions.SectionName, o => o.Validate());
        services.TryAddSingleton<Backup.BackupParts>();
        services.TryAddSingleton<Backup.BackupService>();
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new OptionsValidator<TOptions>(validate));
    }

    /// <summary>Storage paths default to their place under <see cref="EngineOptions.DataDir"/> unless configured explicitly.</summary>
    private static void DeriveStoragePaths(IServiceCollection services)
    {
        services.AddOptions<EventLogOptions>().Configure<IOptions<EngineOptions>, IConfiguration>((o, engine, config) =>
        {
            if (config[$"{EventLogOptions.SectionName}:{nameof(EventLogOptions.Directory)}"] is null)
            {
                o.Directory = Path.Combine(engine.Value.DataDir, "events");
            }
        });
        services.AddOptions<CounterOptions>().Configure<IOptions<EngineOptions>, IConfiguration>((o, engine, config) =>
        {
            if (config[$"{CounterOptions.SectionName}:{nameof(CounterOptions.Directory)}"] is null)
            {
                o.Directory = Path.Combine(engine.Value.DataDir, "counters");
            }
        });
        services.AddOptions<RegistryOptions>().Configure<IOptions<EngineOptions>, IConfiguration>((o, engine, config) =>
        {
            if (config[$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.DatabasePath)}"] is null)
            {
                o.DatabasePath = Path.Combine(engine.Value.DataDir, "registry.db");
            }
        });
    }
}
