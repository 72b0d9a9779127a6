using NeuronEngine.Engine.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Health;

/// <summary>
/// Until start-up has finished (<see cref="EngineReadiness.IsReady"/>), answers every neuron.v1 call UNAVAILABLE, so
/// none can reach counters still replaying or a model host still loading. Health and reflection always answer, and so
/// does the run lease service, which needs only the registry: a trainer keeps its lease through a long recovery.
/// </summary>
/// <remarks>Runs inside <see cref="Errors.ErrorInterceptor"/>, which maps the exception to the status.</remarks>
internal sealed class ReadinessInterceptor(EngineReadiness readiness) : Interceptor
{
    private const string Guarded = "/neuron.v1.";
    private const string RegistryOnly = "/neuron.v1.RunLeaseService/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfStarting(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfStarting(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfStarting(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ThrowIfStarting(context);
        return continuation(requestStream, responseStream, context);
    }

    private void ThrowIfStarting(ServerCallContext context)
    {
        if (!readiness.IsReady
            && context.Method.StartsWith(Guarded, StringComparison.Ordinal)
            && !context.Method.StartsWith(RegistryOnly, StringComparison.Ordinal))
        {
            throw NeuronException.Unavailable(
                "the engine is starting: it is recovering the event log and counters and loading the promoted models; retry once health reports SERVING");
        }
    }
}
