using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace NeuronEngine.EventLog.Tests;

/// <summary>
/// A failed fsync stops the writer for good: after one, the kernel may have dropped the dirty pages and a later fsync
/// of the same file can report success for data that never reached the disk (PostgreSQL's "fsyncgate").
/// </summary>
public sealed partial class EventLogWriterTests
{
    [Fact]
    public async Task AppendAsync_GroupFsyncFailsUnderAlways_FailsTheGroupStopsTheWriterAndNeverSyncsAgain()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var sequencer = new RecordingSequencer();
        var fsync = new FailingFsync();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger, sequencer))
        {
            writer.FlushFile = fsync.Flush;
            var first = await writer.AppendAsync(TestData.Batch(0)).AsTask().WaitAsync(TestData.Timeout);

            fsync.FailNext = true;
            var group = await QueueBehindHoldAsync(writer, TestData.Batch(1), TestData.Batch(2));

            // The group's callers hear of it, and nothing after the failure is acknowledged.
            foreach (var failed in group)
            {
                await AssertStoppedAsync(failed);
            }

            await writer.Faulted.WaitAsync(TestData.Timeout);
            Assert.True(writer.IsFaulted);
            await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(3)).AsTask());
            await AssertStoppedAsync(writer.FlushAsync());
            Assert.Equal(first.Next, writer.EndPosition);

            // The state beside the log learnt only the acknowledged batch; whether the failed group reached the disk is
            // unknown, so it is neither applied nor reported as aborted: a restart replays whatever is there.
            Assert.Equal([TestData.Batch(0).ReceivedAtMicros], sequencer.Applied.Select(a => a.Batch.ReceivedAtMicros));
            Assert.Empty(sequencer.AbortedBatches);
            var critical = Assert.Single(logger.AtLeast(LogLevel.Critical));
            Assert.Equal("EventLogSyncFailed", critical.EventId.Name);
        }

        // Not even the close retries the fsync on the descriptor that failed.
        Assert.Equal(1, fsync.CallsAfterFailure);
    }

    [Fact]
    public async Task FlushAsync_FsyncFailsUnderInterval_StopsTheWriterAndLaterAppendsFail()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var fsync = new FailingFsync();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "interval:60000"), logger))
        {
            writer.FlushFile = fsync.Flush;
            await writer.AppendAsync(TestData.Batch(0)).AsTask().WaitAsync(TestData.Timeout);

            fsync.FailNext = true;
            await AssertStoppedAsync(writer.FlushAsync());

            await writer.Faulted.WaitAsync(TestData.Timeout);
            Assert.True(writer.IsFaulted);
            await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(1)).AsTask());
            Assert.Equal("EventLogSyncFailed", Assert.Single(logger.AtLeast(LogLevel.Critical)).EventId.Name);
        }

        Assert.Equal(1, fsync.CallsAfterFailure);
    }

    [Fact]
    public async Task AppendAsync_NewSegmentHeaderFsyncFails_StopsTheWriter()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var fsync = new FailingFsync();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, segmentSize: 1024), logger))
        {
            // The group's own fsync and the roll's sealing fsync of the full segment succeed (the append is
            // acknowledged); the fsync of the new segment's header fails.
            var calls = 0;
            writer.FlushFile = (handle, path) =>
            {
                fsync.FailNext = ++calls == 3;
                fsync.Flush(handle, path);
            };

            await writer.AppendAsync(TestData.Batch(0, events: 120)).AsTask().WaitAsync(TestData.Timeout);
            await writer.Faulted.WaitAsync(TestData.Timeout);
            Assert.True(writer.IsFaulted);
            await AssertStoppedAsync(writer.AppendAsync(TestData.Batch(1)).AsTask());
            Assert.Equal("EventLogSyncFailed", Assert.Single(logger.AtLeast(LogLevel.Critical)).EventId.Name);
        }

        Assert.Equal(1, fsync.CallsAfterFailure);
        Assert.Equal(["00000000000000000000.seg"], Directory.GetFiles(dir.Path, "*.seg").Select(Path.GetFileName));
    }

    /// <summary>
    /// A real fsync, except that the next call after <see cref="FailNext"/> is set throws (EIO) once, and later calls
    /// succeed again, as Linux reports a writeback error once and then lets fsync succeed on the same file.
    /// </summary>
    private sealed class FailingFsync
    {
        private volatile bool failNext;
        private bool failed;

        public bool FailNext
        {
            get => failNext;
            set => failNext = value;
        }

        /// <summary>fsync calls from the failure on, the failed one included.</summary>
        public int CallsAfterFailure { get; private set; }

        public void Flush(SafeFileHandle handle, string path)
        {
            if (failNext)
            {
                failNext = false;
                failed = true;
                CallsAfterFailure++;
                throw new IOException("fsync: Input/output error");
            }

            if (failed)
            {
                CallsAfterFailure++;
            }

            RandomAccess.FlushToDisk(handle);
        }
    }
}
