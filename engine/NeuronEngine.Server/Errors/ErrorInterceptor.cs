using Grpc.Core;
using Grpc.Core.Interceptors;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Errors;

/// <summary>
/// Turns exceptions into statuses in one place, so service methods carry no try/catch:
/// <see cref="NeuronException"/> maps by kind; anything else is logged once and becomes INTERNAL with a generic message.
/// </summary>
internal sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (Translate(ex, context) is { } rpc)
        {
            throw rpc;
        }
    }

    /// <summary>Null leaves the exception as it is (already an RpcException, or the call was cancelled by its client).</summary>
    private RpcException? Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case NeuronException neuron:
                if (neuron.Kind is ErrorKind.Internal or ErrorKind.DataLoss)
                {
                    Log.CallFailed(logger, context.Method, neuron);
                }

                return ErrorMapping.ToRpcException(neuron);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case IOException when context.CancellationToken.IsCancellationRequested:
                // The client reset its stream or dropped the connection: its business, not an engine failure.
                Log.ClientWentAway(logger, context.Method, exception.Message);
                return new RpcException(new Status(StatusCode.Cancelled, "the client went away"));
            default:
                Log.CallFailed(logger, context.Method, exception);
                return new RpcException(new Status(StatusCode.Internal, "internal error"));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "CallFailed", Level = LogLevel.Error, Message = "Call {Method} failed")]
        public static partial void CallFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(EventId = 2, EventName = "ClientWentAway", Level = LogLevel.Debug, Message = "Call {Method} ended: the client went away ({Reason})")]
        public static partial void ClientWentAway(ILogger logger, string method, string reason);
    }
}
