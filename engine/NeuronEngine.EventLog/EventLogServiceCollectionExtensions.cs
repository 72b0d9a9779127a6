using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog;

/// <summary>Registers the event log's options.</summary>
public static class EventLogServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EventLogOptions"/> validated on start. Bind them from <see cref="EventLogOptions.SectionName"/> in
    /// the host; the log itself is opened (<see cref="EventLogWriter.OpenAsync"/>) by whoever recovers storage.
    /// </summary>
    public static IServiceCollection AddNeuronEventLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EventLogOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventLogOptions>, ValidatedOptionsValidator<EventLogOptions>>());
        return services;
    }
}
