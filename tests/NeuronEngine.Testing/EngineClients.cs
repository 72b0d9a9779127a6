using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Testing;

/// <summary>Typed clients for every neuron.v1 service on one channel, sending one tenant in <c>x-tenant</c> and an API key when given.</summary>
public sealed class EngineClients : IDisposable
{
    private readonly GrpcChannel channel;

    public EngineClients(string address, string? tenant = null, string? apiKey = null)
        : this(address, handler: null, tenant, apiKey)
    {
    }

    /// <summary>Clients over a channel with <paramref name="handler"/> (TLS trust, a client certificate); the channel owns the handler.</summary>
    public EngineClients(string address, HttpMessageHandler? handler, string? tenant = null, string? apiKey = null)
    {
        Tenant = tenant;
        channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 64 * 1024 * 1024, MaxSendMessageSize = 64 * 1024 * 1024 });
        var invoker = tenant is null && apiKey is null
            ? channel.CreateCallInvoker()
            : channel.CreateCallInvoker().Intercept(metadata =>
            {
                if (tenant is not null)
                {
                    metadata.Add("x-tenant", tenant);
                }

                if (apiKey is not null)
                {
                    metadata.Add("authorization", $"Bearer {apiKey}");
                }

                return metadata;
            });
        Invoker = invoker;
        EventTypes = new EventTypeService.EventTypeServiceClient(invoker);
        Events = new EventService.EventServiceClient(invoker);
        Catalog = new CatalogService.CatalogServiceClient(invoker);
        Templates = new TemplateService.TemplateServiceClient(invoker);
        Training = new TrainingService.TrainingServiceClient(invoker);
        Models = new ModelService.ModelServiceClient(invoker);
        Recommendations = new RecommendationService.RecommendationServiceClient(invoker);
    }

    /// <summary>The tenant sent in <c>x-tenant</c>, or null when none is sent.</summary>
    public string? Tenant { get; }

    public CallInvoker Invoker { get; }

    public GrpcChannel Channel => channel;

    public EventTypeService.EventTypeServiceClient EventTypes { get; }

    public EventService.EventServiceClient Events { get; }

    public CatalogService.CatalogServiceClient Catalog { get; }

    public TemplateService.TemplateServiceClient Templates { get; }

    public TrainingService.TrainingServiceClient Training { get; }

    public ModelService.ModelServiceClient Models { get; }

    public RecommendationService.RecommendationServiceClient Recommendations { get; }

    public void Dispose() => channel.Dispose();
}
