using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.LoadTests.Engine;

/// <summary>Typed clients over one <see cref="GrpcChannel"/> (one HTTP/2 connection), sending the tenant in <c>x-tenant</c>.</summary>
internal sealed class EngineClient : IDisposable
{
    private static readonly Method<byte[], byte[]> HealthCheck = new(
        MethodType.Unary,
        "grpc.health.v1.Health",
        "Check",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    private readonly GrpcChannel channel;

    public EngineClient(string target, string tenant)
    {
        channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
        Invoker = channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("x-tenant", tenant);
            metadata.Add("x-actor", "loadtest");
            return metadata;
        });
        EventTypes = new EventTypeService.EventTypeServiceClient(Invoker);
        Events = new EventService.EventServiceClient(Invoker);
        Catalog = new CatalogService.CatalogServiceClient(Invoker);
        Models = new ModelService.ModelServiceClient(Invoker);
        Recommendations = new RecommendationService.RecommendationServiceClient(Invoker);
    }

    public CallInvoker Invoker { get; }

    public EventTypeService.EventTypeServiceClient EventTypes { get; }

    public EventService.EventServiceClient Events { get; }

    public CatalogService.CatalogServiceClient Catalog { get; }

    public ModelService.ModelServiceClient Models { get; }

    public RecommendationService.RecommendationServiceClient Recommendations { get; }

    /// <summary>
    /// <c>grpc.health.v1.Health/Check</c> for the whole engine, marshalled by hand: the request is empty and the
    /// answer is field 1 (status) as a varint, SERVING = 1. Keeps the contracts free of the health proto.
    /// </summary>
    public async Task<bool> IsServingAsync(DateTime deadline)
    {
        var response = await Invoker.AsyncUnaryCall(HealthCheck, null, new CallOptions(deadline: deadline), []).ResponseAsync.ConfigureAwait(false);
        return response is [0x08, 0x01, ..];
    }

    /// <summary>Opens the HTTP/2 connection now so the first measured request does not pay for it.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => channel.ConnectAsync(cancellationToken);

    public void Dispose() => channel.Dispose();
}
