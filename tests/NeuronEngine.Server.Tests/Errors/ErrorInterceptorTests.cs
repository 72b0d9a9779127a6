using Grpc.Core;
using Microsoft.Extensions.Logging;
using NeuronEngine.Server.Errors;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Errors;

public sealed class ErrorInterceptorTests
{
    [Fact]
    public async Task DuplexHandler_ClientResetItsStream_CancelledAndNotLoggedAsAnError()
    {
        var logger = new RecordingLogger<ErrorInterceptor>();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Run(logger, new TestCallContext(aborted.Token), new IOException("The client reset the request stream.")));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task DuplexHandler_IoFailureWhileTheClientIsThere_InternalAndLoggedOnce()
    {
        var logger = new RecordingLogger<ErrorInterceptor>();

        var error = await Assert.ThrowsAsync<RpcException>(() => Run(logger, new TestCallContext(CancellationToken.None), new IOException("disk gone")));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
    }

    private static Task Run(RecordingLogger<ErrorInterceptor> logger, ServerCallContext context, Exception thrown) =>
        new ErrorInterceptor(logger).DuplexStreamingServerHandler<string, string>(null!, null!, context, (_, _, _) => throw thrown);

    private sealed class TestCallContext(CancellationToken token) : ServerCallContext
    {
        protected override string MethodCore => "/neuron.v1.EventService/TrackStream";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => token;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
