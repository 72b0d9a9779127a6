using Microsoft.Extensions.Logging;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

public sealed partial class EventLogWriterTests
{
    [Fact]
    public async Task AppendAsync_AppliedThrows_StopsTheWriterAndFailsThatAndEveryLaterAppend()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var sequencer = new RecordingSequencer
        {
            OnApplied = b =>
            {
                if (b.ReceivedAtMicros == TestData.Batch(2).ReceivedAtMicros)
                {
                    throw new InvalidOperationException("counter store broke");
                }
            },
        };
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger, sequencer))
        {
            await writer.AppendAsync(TestData.Batch(0)).AsTask().WaitAsync(TestData.Timeout);
            var group = await QueueBehindHoldAsync(writer, TestData.Batch(1), TestData.Batch(2), TestData.Batch(3));

            Assert.NotNull((await group[0].WaitAsync(TestData.Timeout)).Batch);
            foreach (var failed in group[1..])
            {
                await AssertStoppedAsync(failed);
            }

            await writer.Faulted.WaitAsync(TestData.Timeout);
            Assert.True(writer.IsFaulted);
            await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(4)).AsTask());
            await AssertStoppedAsync(writer.FlushAsync());
            await AssertStoppedAsync(writer.RunExclusiveAsync((_, _) => Task.CompletedTask));

            // The hook is not called again once it has failed: not for the rest of its group, nor later.
            Assert.Equal([0L, 1L], sequencer.Applied.Select(a => a.Batch.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros));
            Assert.Empty(sequencer.AbortedBatches);
            var critical = Assert.Single(logger.AtLeast(LogLevel.Critical));
            Assert.Equal("EventLogSequencerHookFailed", critical.EventId.Name);
            Assert.IsType<InvalidOperationException>(critical.Exception);
        }

        // The failed group is in the log: a restart replays it into the state the hook could not update.
        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([0L, 1L, 2L, 3L], entries.Select(e => e.Batch.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros));
    }

    [Fact]
    public async Task AppendAsync_AdmitThrows_FailsOnlyThatAppendAndWritesTheRestOfItsGroup()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var sequencer = new RecordingSequencer
        {
            OnAdmit = b =>
            {
                switch (b.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros)
                {
                    case 2: throw new InvalidOperationException("bug in admit");
                    case 4: throw NeuronException.InvalidArgument("events", "refused by the sequencer");
                }
            },
        };
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger, sequencer))
        {
            var group = await QueueBehindHoldAsync(writer, [.. Enumerable.Range(1, 5).Select(i => TestData.Batch(i))]);

            await Assert.ThrowsAsync<InvalidOperationException>(() => group[1].WaitAsync(TestData.Timeout));
            var refused = await Assert.ThrowsAsync<NeuronException>(() => group[3].WaitAsync(TestData.Timeout));
            Assert.Equal(ErrorKind.InvalidArgument, refused.Kind);
            var written = new[] { await group[0], await group[2], await group[4] };
            Assert.Equal(written[0].Next, written[1].Position);
            Assert.Equal(written[1].Next, written[2].Position);
            Assert.Equal(1, writer.Stats.Groups);
            Assert.False(writer.IsFaulted);
            Assert.Empty(sequencer.AbortedBatches);

            // Only the unexpected exception is logged; a NeuronException is a refusal meant for the caller.
            Assert.Single(logger.Named("EventLogAdmitFailed"));
            Assert.Empty(logger.AtLeast(LogLevel.Critical));
            await writer.AppendAsync(TestData.Batch(6)).AsTask().WaitAsync(TestData.Timeout);
        }

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([1L, 3L, 5L, 6L], entries.Select(e => e.Batch.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros));
    }

    [Fact]
    public async Task AppendAsync_AbortedThrowsAfterAFailedWrite_StopsTheWriter()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var sequencer = new RecordingSequencer { OnAborted = _ => throw new InvalidOperationException("pending set broke") };
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger, sequencer);
        writer.AfterGroupWrite = () => throw new IOException("disk full at /secret/path");

        await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(1)).AsTask());
        await writer.Faulted.WaitAsync(TestData.Timeout);
        Assert.True(writer.IsFaulted);
        await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(2)).AsTask());
        Assert.Equal("EventLogSequencerHookFailed", Assert.Single(logger.AtLeast(LogLevel.Critical)).EventId.Name);
    }

    [Fact]
    public async Task DisposeAsync_WithoutAFailure_LeavesFaultedIncomplete()
    {
        using var dir = new TempDirectory();
        var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        await writer.DisposeAsync().AsTask().WaitAsync(TestData.Timeout);

        Assert.False(writer.IsFaulted);
        Assert.False(writer.Faulted.IsCompleted);
        var ex = await Assert.ThrowsAsync<NeuronException>(() => writer.AppendAsync(TestData.Batch(2)).AsTask().WaitAsync(TestData.Timeout));
        Assert.Equal("the event log is closed", ex.Message);
    }

    /// <summary>Queues <paramref name="batches"/> while an exclusive action holds the loop, so the loop finds them all waiting.</summary>
    private static async Task<Task<AppendResult>[]> QueueBehindHoldAsync(EventLogWriter writer, params EventBatch[] batches)
    {
        using var gate = new SemaphoreSlim(0);
        var hold = writer.RunExclusiveAsync((_, ct) => gate.WaitAsync(TestData.Timeout, ct));
        var appends = batches.Select(b => writer.AppendAsync(b).AsTask()).ToArray();
        gate.Release();
        await hold.WaitAsync(TestData.Timeout);
        return appends;
    }

    private static async Task AssertStoppedAsync(Task task)
    {
        var ex = await Assert.ThrowsAsync<NeuronException>(() => task.WaitAsync(TestData.Timeout));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.Equal(TestData.StoppedMessage, ex.Message);
    }
}
