using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Registry;

/// <summary>Registers the control plane store.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RegistryDatabase"/> and the stores as singletons, with <see cref="RegistryOptions"/> validated on
    /// start. Bind the options from the <see cref="RegistryOptions.SectionName"/> section in the host; resolve
    /// <see cref="RegistryDatabase"/> at start-up so migrations run (and a too-new database stops start-up) early.
    /// </summary>
    public static IServiceCollection AddNeuronRegistry(this IServiceCollection services, Action<RegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RegistryOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, ValidatedOptionsValidator<RegistryOptions>>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistryDatabase>();
        services.TryAddSingleton<EventTypeStore>();
        services.TryAddSingleton<IEventTypeStore>(sp => sp.GetRequiredService<EventTypeStore>());
        services.TryAddSingleton<TemplateStore>();
        services.TryAddSingleton<ITemplateStore>(sp => sp.GetRequiredService<TemplateStore>());
        services.TryAddSingleton<CatalogStore>();
        services.TryAddSingleton<ICatalogStore>(sp => sp.GetRequiredService<CatalogStore>());
        services.TryAddSingleton<ModelStore>();
        services.TryAddSingleton<IModelStore>(sp => sp.GetRequiredService<ModelStore>());
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton<IRunStore>(sp => sp.GetRequiredService<RunStore>());
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<IDatasetStore>(sp => sp.GetRequiredService<DatasetStore>());
        services.TryAddSingleton<Keys.KeyStore>();
        services.TryAddSingleton<Keys.IKeyStore>(sp => sp.GetRequiredService<Keys.KeyStore>());
        return services;
    }

    /// <summary>
    /// Cluster mode: the stores' interfaces are served by their Redis implementations over the
    /// <see cref="Redis.RedisControlPlane"/> the caller registers. Call before <see cref="AddNeuronRegistry"/>, whose
    /// <c>TryAdd*</c> registrations of the SQLite implementations then leave these in place.
    /// </summary>
    public static IServiceCollection AddNeuronRedisRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventTypeStore, RedisEventTypeStore>();
        services.TryAddSingleton<ITemplateStore, RedisTemplateStore>();
        services.TryAddSingleton<ICatalogStore, RedisCatalogStore>();
        services.TryAddSingleton<Keys.IKeyStore, Keys.RedisKeyStore>();

        // The concrete type too: the Redis run store registers a finished run's version in its own transaction.
        services.TryAddSingleton<RedisModelStore>();
        services.TryAddSingleton<IModelStore>(sp => sp.GetRequiredService<RedisModelStore>());
        services.TryAddSingleton<IRunStore, RedisRunStore>();
        services.TryAddSingleton<IDatasetStore, RedisDatasetStore>();
        return services;
    }
}
