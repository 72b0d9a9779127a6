using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client;

/// <summary>Registers <see cref="NeuronClient"/> with dependency injection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NeuronClientOptions"/> (validated when first used), the generated clients through the gRPC
    /// client factory with the tenant and API key headers, the options' TLS settings, their endpoints (balanced when
    /// several) and retries (<see cref="NeuronClientOptions.Endpoints"/>), and a singleton
    /// <see cref="NeuronClient"/> over them.
    /// </summary>
    public static IServiceCollection AddNeuronClient(this IServiceCollection services, Action<NeuronClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<NeuronClientOptions>()
            .Configure(configure)
            .Validate(o => o.Validate().Count == 0, "Invalid NeuronClientOptions");
        AddGenerated<EventTypeService.EventTypeServiceClient>(services);
        AddGenerated<EventService.EventServiceClient>(services);
        AddGenerated<CatalogService.CatalogServiceClient>(services);
        AddGenerated<TemplateService.TemplateServiceClient>(services);
        AddGenerated<TrainingService.TrainingServiceClient>(services);
        AddGenerated<ModelService.ModelServiceClient>(services);
        AddGenerated<RecommendationService.RecommendationServiceClient>(services);
        AddGenerated<AdminService.AdminServiceClient>(services);
        AddGenerated<KeyService.KeyServiceClient>(services);
        services.TryAddSingleton(sp => new NeuronClient(
            Options(sp),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<EventTypeService.EventTypeServiceClient>(),
            sp.GetRequiredService<EventService.EventServiceClient>(),
            sp.GetRequiredService<CatalogService.CatalogServiceClient>(),
            sp.GetRequiredService<TemplateService.TemplateServiceClient>(),
            sp.GetRequiredService<TrainingService.TrainingServiceClient>(),
            sp.GetRequiredService<ModelService.ModelServiceClient>(),
            sp.GetRequiredService<RecommendationService.RecommendationServiceClient>(),
            sp.GetRequiredService<AdminService.AdminServiceClient>(),
            sp.GetRequiredService<KeyService.KeyServiceClient>()));
        return services;
    }

    private static void AddGenerated<TClient>(IServiceCollection services)
        where TClient : class =>
        services.AddGrpcClient<TClient>((sp, o) => o.Address = EngineChannel.Address(Options(sp).Addresses()))
            .ConfigureChannel((sp, channel) => EngineChannel.Configure(channel, Options(sp).Addresses()))
            .ConfigurePrimaryHttpMessageHandler(sp => ChannelSecurity.CreateHandler(Options(sp)))
            .AddInterceptor(InterceptorScope.Client, sp => new HeadersInterceptor(Options(sp).Tenant, Options(sp).ApiKey));

    private static NeuronClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<NeuronClientOptions>>().Value;
}
