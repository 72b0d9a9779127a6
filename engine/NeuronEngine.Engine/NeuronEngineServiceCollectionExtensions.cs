using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.Engine.Backup;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Engine.Cluster.Artifacts;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Engine.Security;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Engine.Tls;
using NeuronEngine.Engine.Training;
using NeuronEngine.Engine.Training.Sidecar;
using NeuronEngine.EventLog;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Engine;

/// <summary>The engine's composition: every component below the transport, wired once.</summary>
public static class NeuronEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine (storage, ingest, recommend, serving, training, backup, the trainer sidecar and their instruments)
    /// with every section bound from <paramref name="configuration"/> and validated on start. The libraries below register
    /// their own services (<c>AddNeuronRegistry</c>, <c>AddNeuronEventLog</c>, <c>AddNeuronCounters</c>,
    /// <c>AddNeuronModels</c>); everything is added with <c>TryAdd*</c>, so a host registers its own
    /// <see cref="IListenAddresses"/> or <see cref="TimeProvider"/> first and keeps it.
    /// </summary>
    public static IServiceCollection AddNeuronEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IListenAddresses, NoListenAddresses>();
        services.TryAddSingleton<IFileSync>(FileSync.Instance);
        services.TryAddSingleton<TlsCredentials>();

        BoundSection.Bind<EngineOptions>(services, configuration, EngineOptions.SectionName);
        BoundSection.Bind<TlsOptions>(services, configuration, TlsOptions.SectionName);
        BoundSection.Bind<EventLogOptions>(services, configuration, EventLogOptions.SectionName);
        BoundSection.Bind<CounterOptions>(services, configuration, CounterOptions.SectionName);
        BoundSection.Bind<RegistryOptions>(services, configuration, RegistryOptions.SectionName);
        BoundSection.Bind<InferenceOptions>(services, configuration, InferenceOptions.SectionName);
        BoundSection.Bind<RecommendBatchingOptions>(services, configuration, RecommendBatchingOptions.SectionName);
        BoundSection.Bind<TrainingOptions>(services, configuration, TrainingOptions.SectionName);
        BoundSection.Bind<BackupOptions>(services, configuration, BackupOptions.SectionName);
        // The trainer process reads the same section (its recipes, split, run defaults: docs/training.md) from the
        // environment it inherits, so keys the engine does not know are the trainer's, not mistakes.
        BoundSection.Bind<TrainerSidecarOptions>(services, configuration, TrainerSidecarOptions.SectionName, sharedWithTrainer: true);
        BoundSection.Bind<TelemetryOptions>(services, configuration, TelemetryOptions.SectionName);
        BoundSection.Bind<LimitsOptions>(services, configuration, LimitsOptions.SectionName);
        BoundSection.Bind<AuthOptions>(services, configuration, AuthOptions.SectionName);
        BoundSection.Bind<ClusterOptions>(services, configuration, ClusterOptions.SectionName);
        AddValidator<EngineOptions>(services);
        AddValidator<RecommendBatchingOptions>(services);
        AddValidator<TrainingOptions>(services);
        AddValidator<TlsOptions>(services);
        AddValidator<BackupOptions>(services);
        AddValidator<TrainerSidecarOptions>(services);
        AddValidator<TelemetryOptions>(services);
        AddValidator<LimitsOptions>(services);
        AddValidator<AuthOptions>(services);
        AddValidator<ClusterOptions>(services);
        DeriveStoragePaths(services, configuration);

        if (ClusterOptions.IsEnabled(configuration))
        {
            // Cluster mode: the control plane's stores are the Redis ones (registered first, so the SQLite ones'
            // TryAdd leaves them in place).
            services.TryAddSingleton<RedisCluster>();
            services.TryAddSingleton(sp => sp.GetRequiredService<RedisCluster>().ControlPlane);
            services.AddNeuronRedisRegistry();
            services.TryAddSingleton<Cluster.Events.ClusterEventLog>();
            services.TryAddSingleton<Cluster.Training.TrainerLeadership>();
            services.TryAddSingleton<ClusterInvalidations>();
            services.AddHostedService<Cluster.Events.StreamTrimmer>();

            // Artifacts and uploaded datasets live in Redis too; the data directory only caches them.
            services.TryAddSingleton(sp =>
            {
                var cluster = sp.GetRequiredService<RedisCluster>();
                return new RedisBlobStore(cluster.Connection, cluster.Options.KeyPrefix);
            });
            services.TryAddSingleton<ClusterBlobs>();
            services.TryAddSingleton<IArtifactSource, ClusterArtifactSource>();

            // Serving across replicas: heartbeats, promotion announcements, syncs, statuses across the cluster.
            services.TryAddSingleton<ClusterReplicas>();
            services.TryAddSingleton<ReplicaServing>();
            services.TryAddSingleton<ServingChannel>();
            services.TryAddSingleton<ClusterServingPeers>();
            services.TryAddSingleton<IServingPeers>(sp => sp.GetRequiredService<ClusterServingPeers>());
            services.TryAddSingleton<ClusterEndpointStatus>();
            services.TryAddSingleton<IEndpointStatus>(sp => sp.GetRequiredService<ClusterEndpointStatus>());
            services.TryAddSingleton<ReplicaHeartbeat>();
            services.TryAddSingleton<ServingSync>();
        }

        services.AddNeuronRegistry();
        // The registry counts what a tenant keeps there; the limits, and the keys its refusals name, are this section's.
        services.AddOptions<RegistryLimits>().Configure<IOptions<LimitsOptions>>((registry, limits) =>
        {
            registry.EventTypes = limits.Value.EventTypes;
            registry.Endpoints = limits.Value.Endpoints;
            registry.VersionsPerFamily = limits.Value.VersionsPerFamily;
        });
        services.AddNeuronEventLog();
        services.AddNeuronCounters();
        services.AddNeuronModels();

        services.AddMetrics();
        services.TryAddSingleton<TenantLabels>();
        services.TryAddSingleton<RecommendMetrics>();
        services.TryAddSingleton<ServingMetrics>();
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<EventLogMetrics>();
        services.TryAddSingleton<CheckpointMetrics>();
        services.TryAddSingleton<TrainingMetrics>();

        services.TryAddSingleton<TenantRateLimits>();
        services.TryAddSingleton<UploadSlots>();
        services.TryAddSingleton<IngestSequencer>();
        services.TryAddSingleton<EngineStorage>();
        services.TryAddSingleton<EventTypeCache>();
        services.TryAddSingleton<EventTypeAdministration>();
        services.TryAddSingleton<TrackValidator>();
        services.TryAddSingleton<EventIngest>();
        services.TryAddSingleton<TrackStreamPump>();

        services.TryAddSingleton<ArtifactStore>();
        services.TryAddSingleton<EndpointChanges>();
        services.TryAddSingleton<IServingPeers, LocalServingPeers>();
        services.TryAddSingleton<IEndpointStatus, RegistryEndpointStatus>();
        services.TryAddSingleton<Promoter>();
        services.TryAddSingleton<CatalogCache>();
        services.TryAddSingleton<InferenceBatcher>();
        services.TryAddSingleton<Recommender>();

        services.TryAddSingleton<RunChanges>();
        services.TryAddSingleton<TrainerToken>();
        services.TryAddSingleton<DatasetFiles>();
        services.TryAddSingleton<DatasetUploader>();
        services.TryAddSingleton<DatasetAdministration>();
        services.TryAddSingleton<LeaseDatasets>();
        services.TryAddSingleton<RunStarter>();
        services.TryAddSingleton<RunStopper>();
        services.TryAddSingleton<RunCompleter>();
        services.TryAddSingleton<RunDirectories>();
        services.TryAddSingleton<RunEventSource>();

        services.TryAddSingleton<KeyAuthenticator>();
        services.TryAddSingleton<KeyAdministration>();

        services.TryAddSingleton<BackupParts>();
        services.TryAddSingleton<BackupService>();

        // The engine's hosted services start in this order and stop in reverse: storage recovers before anything else
        // starts and stops after everything else has stopped; readiness waits for storage and models; the sidecar comes
        // after them (a host's own hosted services, added after this call, start later still).
        services.AddHostedService(sp => sp.GetRequiredService<EngineStorage>());
        services.TryAddSingleton<ServingStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ServingStartup>());
        if (ClusterOptions.IsEnabled(configuration))
        {
            // After serving's start-up (the sync waits for its loading), beating while the promoted versions load.
            services.AddHostedService(sp => sp.GetRequiredService<ReplicaHeartbeat>());
            services.AddHostedService(sp => sp.GetRequiredService<ServingSync>());
        }

        services.AddHostedService<CheckpointService>();
        services.AddHostedService<TrainingStartup>();
        services.AddHostedService<OperatorKeyBootstrap>();
        services.AddHostedService<KeyUseRecorder>();
        services.AddHostedService<LeaseExpiryService>();
        services.TryAddSingleton<EngineReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineReadiness>());
        services.TryAddSingleton<TrainerSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<TrainerSidecar>());
        return services;
    }

    private static void AddValidator<TOptions>(IServiceCollection services)
        where TOptions : class, IValidatedOptions =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ValidatedOptionsValidator<TOptions>>());

    /// <summary>Storage paths default to their place under <see cref="EngineOptions.DataDir"/> unless configured explicitly.</summary>
    /// <remarks>
    /// The data directory is read from configuration, not from the validated <see cref="EngineOptions"/>: a bad
    /// <c>Engine</c> section then fails once, as itself, instead of inside every section derived from it.
    /// </remarks>
    private static void DeriveStoragePaths(IServiceCollection services, IConfiguration configuration)
    {
        string DataDir() => configuration[$"{EngineOptions.SectionName}:{nameof(EngineOptions.DataDir)}"] is { Length: > 0 } configured
            ? configured
            : new EngineOptions().DataDir;

        services.AddOptions<EventLogOptions>().Configure(o =>
        {
            if (configuration[$"{EventLogOptions.SectionName}:{nameof(EventLogOptions.Directory)}"] is null)
            {
                o.Directory = Path.Combine(DataDir(), "events");
            }
        });
        services.AddOptions<CounterOptions>().Configure(o =>
        {
            if (configuration[$"{CounterOptions.SectionName}:{nameof(CounterOptions.Directory)}"] is null)
            {
                o.Directory = Path.Combine(DataDir(), "counters");
            }
        });
        services.AddOptions<RegistryOptions>().Configure(o =>
        {
            if (configuration[$"{RegistryOptions.SectionName}:{nameof(RegistryOptions.DatabasePath)}"] is null)
            {
                o.DatabasePath = Path.Combine(DataDir(), "registry.db");
            }
        });
    }
}
