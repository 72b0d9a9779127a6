using Grpc.Core;
using Grpc.Core.Interceptors;

namespace NeuronEngine.Client.Internal;

/// <summary>Adds <c>x-tenant</c> and <c>authorization: Bearer</c> to every call, so no wrapper has to remember them.</summary>
internal sealed class HeadersInterceptor(string? tenant, string? apiKey) : Interceptor
{
    /// <summary>The header value, made once: the key never changes for a client.</summary>
    private readonly string? authorization = apiKey is null ? null : $"Bearer {apiKey}";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, With(context));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(With(context));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(With(context));

    private ClientInterceptorContext<TRequest, TResponse> With<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (tenant is null && authorization is null)
        {
            return context;
        }

        var headers = context.Options.Headers ?? new Metadata();
        if (tenant is not null && headers.Get("x-tenant") is null)
        {
            headers.Add("x-tenant", tenant);
        }

        if (authorization is not null && headers.Get("authorization") is null)
        {
            headers.Add("authorization", authorization);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
