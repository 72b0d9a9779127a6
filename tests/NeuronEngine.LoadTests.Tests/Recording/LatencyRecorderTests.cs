using HdrHistogram;
using NeuronEngine.LoadTests.Recording;

namespace NeuronEngine.LoadTests.Tests.Recording;

public sealed class LatencyRecorderTests
{
    // Timestamps in microseconds.
    private readonly LatencyRecorder recorder = new(1_000_000) { MeasureStart = 1_000_000 };

    [Fact]
    public void Record_IntendedBeforeMeasureStart_IsDropped()
    {
        recorder.Record("recommend", null, 999_999, 999_999, 1_500_000, null);

        Assert.Empty(recorder.Series);
    }

    [Fact]
    public void Record_LatencyFromIntendedAndServiceFromSent()
    {
        // Intended at 1.0 s, sent 40 ms late, answered 10 ms after the send.
        recorder.Record("recommend", null, 1_000_000, 1_040_000, 1_050_000, null);

        var snapshot = recorder.For("recommend").Snapshot();
        Assert.InRange(snapshot.Latency.GetMaxValue(), 50_000, 50_100);
        Assert.InRange(snapshot.Service.GetMaxValue(), 10_000, 10_020);
    }

    [Fact]
    public void Record_BucketsBySecondOfIntendedTime()
    {
        recorder.Record("ping", null, 1_100_000, 1_100_000, 1_101_000, null);
        recorder.Record("ping", null, 3_200_000, 3_200_000, 5_900_000, null); // intended in second 2, answered in second 4

        var seconds = recorder.For("ping").Snapshot().Seconds;
        Assert.Equal(3, seconds.Count);
        Assert.Equal([1L, 0L, 1L], seconds.Select(s => s.Requests));
        Assert.InRange(seconds[2].Latency.GetMaxValue(), 2_700_000, 2_730_000);
    }

    [Fact]
    public void Record_Errors_CountedByStatusAndKeptOutOfLatency()
    {
        recorder.Record("track", "swap", 1_000_000, 1_000_000, 1_001_000, null);
        recorder.Record("track", "swap", 1_000_000, 1_000_000, 9_000_000, "DeadlineExceeded");
        recorder.Record("track", "steady", 1_000_000, 1_000_000, 1_002_000, "Unavailable");
        recorder.Record("track", "steady", 1_000_000, 1_000_000, 1_002_000, "Unavailable");

        var snapshot = recorder.For("track").Snapshot();
        Assert.Equal(1, snapshot.Ok);
        Assert.Equal(4, snapshot.Requests);
        Assert.Equal(new Dictionary<string, long> { ["DeadlineExceeded"] = 1, ["Unavailable"] = 2 }, snapshot.Errors);
        Assert.Equal((2L, 1L), (snapshot.Phases["swap"].Requests, snapshot.Phases["swap"].Errors));
        Assert.Equal((2L, 2L), (snapshot.Phases["steady"].Requests, snapshot.Phases["steady"].Errors));
        Assert.True(snapshot.Latency.GetMaxValue() < 10_000);
    }

    [Fact]
    public async Task Record_ManyThreads_CountsEveryRequest()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                recorder.Record("recommend", null, 1_000_000 + i, 1_000_000 + i, 1_000_500 + i, i % 100 == 0 ? "Unavailable" : null);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        var snapshot = recorder.For("recommend").Snapshot();
        Assert.Equal(20_000, snapshot.Requests);
        Assert.Equal(200, snapshot.ErrorCount);
    }
}
