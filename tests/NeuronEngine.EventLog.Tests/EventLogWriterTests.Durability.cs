namespace NeuronEngine.EventLog.Tests;

public sealed partial class EventLogWriterTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("interval:60000")]
    [InlineData("always")]
    public async Task RunExclusiveAsync_AfterAppends_ActionSeesTheLogFsynced(string durability)
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: durability));
        await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);

        var flushesSeen = -1L;
        await writer.RunExclusiveAsync((_, _) =>
        {
            flushesSeen = writer.Stats.Flushes;
            return Task.CompletedTask;
        }).WaitAsync(TestData.Timeout);

        // One fsync covers the append under every policy: by the group under always, before the action otherwise.
        Assert.Equal(1, flushesSeen);
    }

    [Fact]
    public async Task AppendAsync_IntervalDurabilityUnderSustainedLoad_FsyncsOnceTheIntervalHasPassed()
    {
        using var dir = new TempDirectory();
        var clock = new SteppingTimeProvider();
        var flushesAtAdmit = new List<long>();
        EventLogWriter? writer = null;
        var sequencer = new RecordingSequencer
        {
            OnAdmit = _ =>
            {
                flushesAtAdmit.Add(writer!.Stats.Flushes);
                clock.Advance(TimeSpan.FromSeconds(1));
            },
        };
        var options = TestData.Options(dir.Path, durability: "interval:1000");
        options.MaxGroupBytes = 4096;
        var batches = Enumerable.Range(0, 6).Select(i => TestData.Batch(i, events: 150)).ToArray();
        Assert.All(batches, b => Assert.True(LogRecordCodec.GetPayloadSize(b) >= options.MaxGroupBytes));

        writer = await TestData.OpenAsync(options, sequencer: sequencer, timeProvider: clock);
        await using (writer)
        {
            // The loop finds all six waiting, so it never waits for work between them: one group each, back to back.
            var appends = await QueueBehindHoldAsync(writer, batches);
            await Task.WhenAll(appends).WaitAsync(TestData.Timeout);
            Assert.Equal(6, writer.Stats.Groups);
        }

        // A second of clock per group: each group that finds the oldest unsynced write a full interval old fsyncs.
        Assert.Equal([0L, 0L, 1L, 1L, 2L, 2L], flushesAtAdmit);
    }

    [Fact]
    public async Task RunExclusiveAsync_CancelledWhileQueued_IsCancelledAtOnceAndNeverRuns()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none"));
        using var gate = new SemaphoreSlim(0);
        var hold = writer.RunExclusiveAsync((_, ct) => gate.WaitAsync(TestData.Timeout, ct));
        using var cts = new CancellationTokenSource();
        var ran = false;
        var queued = writer.RunExclusiveAsync(
            (_, _) =>
            {
                ran = true;
                return Task.CompletedTask;
            },
            cts.Token);
        var flush = writer.FlushAsync(cts.Token);

        // The loop is still held: the callers learn of their cancellation without waiting for it.
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(TestData.Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WaitAsync(TestData.Timeout));

        gate.Release();
        await hold.WaitAsync(TestData.Timeout);
        await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        await writer.FlushAsync().WaitAsync(TestData.Timeout);
        Assert.False(ran);
        Assert.Equal(1, writer.Stats.Flushes);
        Assert.False(writer.IsFaulted);
    }

    [Fact]
    public async Task RunExclusiveAsync_CancelledAfterItStarted_RunsToCompletion()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        using var started = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        using var cts = new CancellationTokenSource();
        var finished = false;
        var exclusive = writer.RunExclusiveAsync(
            async (_, ct) =>
            {
                started.Release();
                await release.WaitAsync(TestData.Timeout, CancellationToken.None);

                // What any cancellation-aware step of the action would do; the caller has cancelled by now.
                ct.ThrowIfCancellationRequested();
                finished = true;
            },
            cts.Token);

        Assert.True(await started.WaitAsync(TestData.Timeout));
        await cts.CancelAsync();
        release.Release();
        await exclusive.WaitAsync(TestData.Timeout);
        Assert.True(finished);
    }
}
