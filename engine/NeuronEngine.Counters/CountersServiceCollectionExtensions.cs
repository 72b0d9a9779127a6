using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Counters;

/// <summary>Registers the counter store.</summary>
public static class CountersServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CounterStore"/> as a singleton with <see cref="CounterOptions"/> validated on start. Bind the options
    /// from <see cref="CounterOptions.SectionName"/> in the host; the store is opened by whoever recovers storage.
    /// </summary>
    public static IServiceCollection AddNeuronCounters(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CounterOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CounterOptions>, ValidatedOptionsValidator<CounterOptions>>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CounterStore>();
        return services;
    }
}
