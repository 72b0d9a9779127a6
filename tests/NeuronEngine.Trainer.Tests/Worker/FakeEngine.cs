using System.Collections.Concurrent;
using Grpc.Core;

namespace NeuronEngine.Trainer.Tests.Worker;

/// <summary>
/// An in-process stand-in for the engine's RunLeaseService: every unary call goes to <see cref="Handle"/>, which
/// answers or throws an <see cref="RpcException"/>; every request is recorded by method name.
/// </summary>
internal sealed class FakeEngine(Func<string, object, object> handle) : CallInvoker
{
    public ConcurrentQueue<(string Method, object Request)> Calls { get; } = new();

    public Func<string, object, object> Handle { get; } = handle;

    public int Count(string method) => Calls.Count(c => c.Method == method);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Calls.Enqueue((method.Name, request));
        var response = Task.Run(() => (TResponse)Handle(method.Name, request));
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
