using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.LoadTests.Engine;

/// <summary>
/// The client SDK (<see cref="NeuronClient"/>) over one <see cref="GrpcChannel"/> (one HTTP/2 connection) for every
/// call, plus the raw <c>TrackStream</c> the ingest scenarios drive themselves (a fixed number of unacknowledged
/// batches per stream, which measures the engine's ceiling rather than one tracker's batching policy) and the health
/// check, which is not part of the neuron.v1 API.
/// </summary>
internal sealed class EngineClient : IDisposable
{
    private static readonly Method<byte[], byte[]> HealthCheck = new(
        MethodType.Unary,
        "grpc.health.v1.Health",
        "Check",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    private readonly GrpcChannel channel;

    /// <param name="target">The engine's address.</param>
    /// <param name="tenant">Sent as <c>x-tenant</c>.</param>
    /// <param name="apiKey">Sent as <c>authorization: Bearer</c>; null sends none.</param>
    public EngineClient(string target, string tenant, string? apiKey = null)
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
            if (apiKey is not null)
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
            }

            return metadata;
        });
        Events = new EventService.EventServiceClient(Invoker);
        Sdk = new NeuronClient(channel, new NeuronClientOptions { Tenant = tenant, ApiKey = apiKey, DefaultDeadline = TimeSpan.FromMinutes(2) });
    }

    /// <summary>The SDK on this connection: every call but the ingest streams and the health check.</summary>
    public NeuronClient Sdk { get; }

    public CallInvoker Invoker { get; }

    /// <summary>Raw <c>TrackStream</c> for the ingest scenarios.</summary>
    public EventService.EventServiceClient Events { get; }

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

    public void Dispose()
    {
        Sdk.Dispose();
        channel.Dispose();
    }
}
