using Grpc.Core;
using Grpc.Core.Interceptors;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Internal;

public sealed class HeadersInterceptorTests
{
    [Fact]
    public async Task Call_ApiKeyAndTenant_SentAsBearerAuthorizationAndXTenant()
    {
        var invoker = new RecordingInvoker();
        var client = new EventTypeService.EventTypeServiceClient(invoker.Intercept(new HeadersInterceptor("acme", "nk_0123456789abcdef_secret")));

        await client.ListEventTypesAsync(new ListEventTypesRequest());
        await client.ListEventTypesAsync(new ListEventTypesRequest());

        Assert.Equal(2, invoker.Headers.Count);
        Assert.All(invoker.Headers, h =>
        {
            Assert.Equal("Bearer nk_0123456789abcdef_secret", h.GetValue("authorization"));
            Assert.Equal("acme", h.GetValue("x-tenant"));
            Assert.Null(h.Get("x-actor"));
        });
    }

    [Fact]
    public async Task Call_NoApiKey_NoAuthorizationHeader()
    {
        var invoker = new RecordingInvoker();
        var client = new EventTypeService.EventTypeServiceClient(invoker.Intercept(new HeadersInterceptor("acme", null)));

        await client.ListEventTypesAsync(new ListEventTypesRequest());

        Assert.Null(Assert.Single(invoker.Headers).Get("authorization"));
    }

    /// <summary>Answers every unary call at once and keeps the headers it was given.</summary>
    private sealed class RecordingInvoker : CallInvoker
    {
        public List<Metadata> Headers { get; } = [];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Headers.Add(options.Headers ?? []);
            return new AsyncUnaryCall<TResponse>(Task.FromResult(Activator.CreateInstance<TResponse>()), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
