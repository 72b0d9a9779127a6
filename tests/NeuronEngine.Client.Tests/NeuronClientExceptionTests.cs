using Grpc.Core;

namespace NeuronEngine.Client.Tests;

public sealed class NeuronClientExceptionTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, "connection refused", true)]
    [InlineData(StatusCode.DeadlineExceeded, "deadline", true)]
    [InlineData(StatusCode.Internal, "internal error", true)]
    [InlineData(StatusCode.ResourceExhausted, "tenant \"shop\" is over Limits:EventsPerSecond (10 events per second); retry shortly", true)]
    [InlineData(StatusCode.ResourceExhausted, "another backup is running (backups run one at a time); retry when it has finished", true)]
    [InlineData(StatusCode.ResourceExhausted, "Limits:MaxTagValuesPerType (2) reached for tenant \"shop\": type click", false)]
    [InlineData(StatusCode.ResourceExhausted, "a batch of 20 events is more than Limits:EventsBurst (10) allows at once; send smaller batches", false)]
    [InlineData(StatusCode.InvalidArgument, "events[0].type: unknown event type \"clik\"", false)]
    [InlineData(StatusCode.Unauthenticated, "unknown API key", false)]
    [InlineData(StatusCode.PermissionDenied, "the key lacks the ingest role", false)]
    [InlineData(StatusCode.FailedPrecondition, "template is a Draft", false)]
    public void IsTransient_StatusAndMessage_SaysWhetherRetryingCanHelp(StatusCode status, string detail, bool transient) =>
        Assert.Equal(transient, new NeuronClientException(status, detail).IsTransient);

    [Fact]
    public void LostBatches_AnyOtherFailure_Empty()
    {
        var ex = new NeuronClientException(StatusCode.NotFound, "no such item");

        Assert.Empty(ex.LostBatches);
        Assert.Equal(0, ex.LostEvents);
    }
}
