using Grpc.Core;
using NeuronEngine.Client.Tracking;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Tracking;

public sealed class TrackLossesTests
{
    [Fact]
    public void Take_NothingLost_ReturnsNull() => Assert.Null(new TrackLosses(100).Take());

    [Fact]
    public void Take_BatchesOfTwoStatuses_FirstStatusWithCountsAndFirstMessageOfEach()
    {
        var losses = new TrackLosses(100);
        losses.Add(Batch(2, StatusCode.InvalidArgument, "events[1].type: unknown event type \"clik\""));
        losses.Add(Batch(3, StatusCode.Unavailable, "connection refused"));
        losses.Add(Batch(1, StatusCode.InvalidArgument, "events[0].user_id: required"));

        var ex = losses.Take()!;

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(6, ex.LostEvents);
        Assert.Equal(3, ex.LostBatches.Count);
        Assert.Equal(
            "6 tracked events in 3 batches not stored; InvalidArgument: 2 batches (3 events), first: events[1].type: unknown event type \"clik\"; Unavailable: 1 batch (3 events), first: connection refused",
            ex.Detail);
        Assert.Same(ex.LostBatches[0].Error, ex.InnerException);
    }

    [Fact]
    public void Take_Twice_SecondReportsOnlyWhatCameAfterTheFirst()
    {
        var losses = new TrackLosses(100);
        losses.Add(Batch(2, StatusCode.InvalidArgument, "a"));
        losses.Take();
        losses.Add(Batch(1, StatusCode.Unavailable, "b"));

        var ex = losses.Take()!;

        Assert.Equal((StatusCode.Unavailable, 1L), (ex.StatusCode, ex.LostEvents));
        Assert.Null(losses.Take());
    }

    [Fact]
    public void Add_MoreEventsThanKept_KeepsTheFirstBatchesAndCountsEveryEvent()
    {
        var losses = new TrackLosses(5);
        for (var i = 0; i < 4; i++)
        {
            losses.Add(Batch(2, StatusCode.Unavailable, $"attempt {i}"));
        }

        var ex = losses.Take()!;

        Assert.Equal(8, ex.LostEvents);
        Assert.Equal(2, ex.LostBatches.Count);
        Assert.Contains("4 batches (8 events), first: attempt 0", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Take_LongMultiLineMessage_QuotedOnOneShortenedLine()
    {
        var losses = new TrackLosses(100);
        losses.Add(Batch(1, StatusCode.Unavailable, "first line\n" + new string('x', 1000)));

        var detail = losses.Take()!.Detail;

        Assert.DoesNotContain('\n', detail);
        Assert.True(detail.Length < 500, detail);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }

    private static TrackFailedEventArgs Batch(int events, StatusCode status, string detail) =>
        new([.. Enumerable.Range(0, events).Select(i => new Event { UserId = $"u{i}", ItemId = "i", Type = "click" })], new NeuronClientException(status, detail));
}
