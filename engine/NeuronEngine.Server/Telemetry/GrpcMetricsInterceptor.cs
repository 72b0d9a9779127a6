using NeuronEngine.Engine.Telemetry;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using NeuronEngine.Server.Security;

namespace NeuronEngine.Server.Telemetry;

/// <summary>
/// Times every call and records it with its final status. Runs outside the error interceptor, so it sees the status
/// the client gets (a <c>NeuronException</c> already mapped), for unary and streaming calls alike.
/// </summary>
internal sealed class GrpcMetricsInterceptor(GrpcMetrics metrics) : Interceptor
{
    // Unary calls are the Recommend hot path: with nothing listening they go straight through, without a state machine.
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        metrics.Enabled ? TimedUnaryAsync(request, context, continuation) : continuation(request, context);

    private async Task<TResponse> TimedUnaryAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            Record(context, started, null);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, started, ex);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context);
            Record(context, started, null);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, started, ex);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            Record(context, started, null);
        }
        catch (Exception ex)
        {
            Record(context, started, ex);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context);
            Record(context, started, null);
        }
        catch (Exception ex)
        {
            Record(context, started, ex);
            throw;
        }
    }

    /// <summary>
    /// The status a handler set stands unless it threw: an <see cref="RpcException"/> carries its own, a cancellation
    /// the client caused is CANCELLED, anything else ends up UNKNOWN at the client.
    /// </summary>
    private void Record(ServerCallContext context, long started, Exception? exception)
    {
        var status = exception switch
        {
            null => context.Status.StatusCode,
            RpcException rpc => rpc.StatusCode,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
            _ => StatusCode.Unknown,
        };
        // The method as the service defines it, not the path as sent (routing takes any case): one series per method.
        metrics.Record(CallAuthentication.Method(context), status, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
