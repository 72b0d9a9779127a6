using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NeuronEngine.Engine;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Errors;
using NeuronEngine.Server.Health;
using NeuronEngine.Server.Security;
using NeuronEngine.Server.Services;
using NeuronEngine.Server.Telemetry;

namespace NeuronEngine.Server.Hosting;

/// <summary>The host's composition root: the engine library under the gRPC services, health, reflection and telemetry.</summary>
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
        "neuron.v1.KeyService",
    ];

    /// <summary>Adds the engine (<see cref="NeuronEngineServiceCollectionExtensions.AddNeuronEngine"/>) behind gRPC.</summary>
    public static IServiceCollection AddNeuronEngineHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IListenAddresses, ServerListenAddresses>();
        services.TryAddSingleton<CallAuthentication>();
        services.AddNeuronEngine(configuration);
        services.AddGrpc(o =>
        {
            // Every interceptor, outermost first (the one place their order is stated):
            // metrics see the status the client gets; errors map the engine's exceptions to that status; auth refuses
            // a call whose key (authenticated before the endpoint, by AuthenticationMiddleware) lacks the role or names
            // another tenant, before anything else looks at it (even while starting); readiness
            // answers UNAVAILABLE while storage recovers, which the error interceptor passes through unchanged.
            o.Interceptors.Add<GrpcMetricsInterceptor>();
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<AuthInterceptor>();
            o.Interceptors.Add<ReadinessInterceptor>();
            o.EnableDetailedErrors = false;
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<NeuronEngine.Engine.Hosting.EngineOptions>>((grpc, engine) => grpc.MaxReceiveMessageSize = engine.Value.MaxReceiveMessageBytes);
        services.AddGrpcReflection();
        services.AddEngineTelemetry(configuration);
        AddHealth(services);
        return services;
    }

    /// <summary>
    /// Authenticates every gRPC call before its endpoint reads the request (<see cref="AuthenticationMiddleware"/>); the
    /// calls' roles and tenants are then checked by the auth interceptor. Goes after routing, before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseNeuronEngineAuthentication(this IApplicationBuilder app) =>
        app.UseMiddleware<AuthenticationMiddleware>();

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
        endpoints.MapGrpcService<KeyServiceImpl>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        endpoints.MapEngineTelemetry();
        return endpoints;
    }

    /// <summary>
    /// Health is NOT_SERVING (overall, per service) until storage has recovered and the promoted models are loaded;
    /// <c>liveness</c> is SERVING whenever the process answers.
    /// </summary>
    private static void AddHealth(IServiceCollection services)
    {
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
    }
}
