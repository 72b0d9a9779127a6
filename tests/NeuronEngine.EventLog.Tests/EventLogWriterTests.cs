using NeuronEngine.Core;
using Xunit.Abstractions;

namespace NeuronEngine.EventLog.Tests;

public sealed partial class EventLogWriterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AppendAsync_OneBatch_ReturnsItsPositionAndIsReadBack()
    {
        using var dir = new TempDirectory();
        var batch = TestData.Batch(1);
        AppendResult result;
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path)))
        {
            result = await writer.AppendAsync(batch).AsTask().WaitAsync(TestData.Timeout);
            Assert.Same(batch, result.Batch);

            // The group's header record comes first.
            Assert.Equal(GroupHeader.RecordSize, result.Position.Offset);
            Assert.Equal(writer.EndPosition, result.Next);
            Assert.Equal(GroupHeader.RecordSize + 8 + LogRecordCodec.GetPayloadSize(batch), result.Next.Offset);
            Assert.Equal(new EventLogStats(1, 1, 1, result.Next.Offset, 1, 0), writer.Stats);
        }

        var entries = await TestData.ReadAllAsync(dir.Path);
        var entry = Assert.Single(entries);
        Assert.Equal(result.Position, entry.Position);
        Assert.Equal(result.Next, entry.Next);
        TestData.AssertSame(batch, entry.Batch);
        Assert.True(File.Exists(Path.Combine(dir.Path, "00000000000000000000.seg")));
    }

    [Fact]
    public async Task OpenAsync_ExistingLog_ContinuesAtTheEnd()
    {
        using var dir = new TempDirectory();
        LogPosition end;
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path)))
        {
            for (var i = 0; i < 3; i++)
            {
                await writer.AppendAsync(TestData.Batch(i)).AsTask().WaitAsync(TestData.Timeout);
            }

            end = writer.EndPosition;
        }

        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path)))
        {
            // The close wrote a witness of its fsync after the last group.
            end = new LogPosition(end.Offset + GroupHeader.RecordSize);
            Assert.Equal(end, writer.EndPosition);
            var result = await writer.AppendAsync(TestData.Batch(3)).AsTask().WaitAsync(TestData.Timeout);
            Assert.Equal(end.Offset + GroupHeader.RecordSize, result.Position.Offset);
        }

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([1_700_000_000_000_000L, 1_700_000_000_000_001L, 1_700_000_000_000_002L, 1_700_000_000_000_003L], entries.Select(e => e.Batch.ReceivedAtMicros));
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_ShareGroups()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "always"));
        var tasks = Enumerable.Range(0, 32).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await writer.AppendAsync(TestData.Batch((t * 100) + i));
            }
        }));
        await Task.WhenAll(tasks).WaitAsync(TestData.Timeout);

        var stats = writer.Stats;
        Assert.Equal(640, stats.Appends);
        Assert.Equal(640, stats.Records);
        Assert.True(stats.Groups < stats.Appends, $"{stats.Groups} groups for {stats.Appends} appends");
        Assert.Equal(stats.Groups, stats.Flushes);
    }

    [Fact]
    public async Task AppendAsync_AppendsQueuedWhileLoopBusy_CommitInOneGroup()
    {
        using var dir = new TempDirectory();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var sequencer = new RecordingSequencer();
        sequencer.OnAdmit = b =>
        {
            if (b.ReceivedAtMicros == TestData.Batch(0).ReceivedAtMicros && !entered.IsSet)
            {
                entered.Set();
                release.Wait(TestData.Timeout);
            }
        };
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path), sequencer: sequencer);

        var first = writer.AppendAsync(TestData.Batch(0)).AsTask();
        Assert.True(entered.Wait(TestData.Timeout));
        var rest = Enumerable.Range(1, 99).Select(i => writer.AppendAsync(TestData.Batch(i)).AsTask()).ToList();
        release.Set();
        await Task.WhenAll(rest.Append(first)).WaitAsync(TestData.Timeout);

        Assert.Equal(1, writer.Stats.Groups);
        Assert.Equal(100, writer.Stats.Records);
        Assert.Equal(1, writer.Stats.Flushes);
    }

    [Fact]
    public async Task AppendAsync_SequencerNarrowsAndRejects_HooksRunInLogOrder()
    {
        using var dir = new TempDirectory();
        var sequencer = new RecordingSequencer(b => (b.ReceivedAtMicros % 3) switch
        {
            0 => b,
            1 => null,
            _ => new EventBatch(b.Tenant, b.ReceivedAtMicros, b.Events[..1]),
        });
        var batches = Enumerable.Range(0, 30).Select(i => TestData.Batch(i, events: 3)).ToList();
        List<AppendResult> results;
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), sequencer: sequencer))
        {
            var pending = batches.Select(b => writer.AppendAsync(b).AsTask()).ToList();
            results = [.. await Task.WhenAll(pending).WaitAsync(TestData.Timeout)];
        }

        Assert.Equal(batches, sequencer.Admitted);
        for (var i = 0; i < batches.Count; i++)
        {
            var r = results[i];
            switch (batches[i].ReceivedAtMicros % 3)
            {
                case 0: Assert.Same(batches[i], r.Batch); break;
                case 1: Assert.Null(r.Batch); Assert.Equal(r.Position, r.Next); break;
                default: Assert.Single(r.Batch!.Events); break;
            }
        }

        var written = results.Where(r => r.Batch is not null).ToList();
        Assert.Equal(written.Select(r => (r.Batch!, r.Position, r.Next)), sequencer.Applied);
        Assert.All(sequencer.Applied.Zip(sequencer.Applied.Skip(1)), p => TestData.AssertFollows(p.First.Next, p.Second.Position));

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal(written.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(written[i].Position, entries[i].Position);
            TestData.AssertSame(written[i].Batch!, entries[i].Batch);
        }

        Assert.Empty(sequencer.AbortedBatches);
    }

    [Fact]
    public async Task RunExclusiveAsync_QueuedBetweenAppends_RunsBetweenGroupsAtTheEnd()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none"));
        var before = Enumerable.Range(0, 50).Select(i => writer.AppendAsync(TestData.Batch(i)).AsTask()).ToList();
        LogPosition seen = default;
        var recordsSeen = -1L;
        var beforeDone = false;
        var exclusive = writer.RunExclusiveAsync((position, _) =>
        {
            seen = position;
            recordsSeen = writer.Stats.Records;
            beforeDone = writer.EndPosition == position;
            return Task.CompletedTask;
        });
        var after = Enumerable.Range(50, 50).Select(i => writer.AppendAsync(TestData.Batch(i)).AsTask()).ToList();
        await Task.WhenAll(before.Concat(after).Append(exclusive)).WaitAsync(TestData.Timeout);

        Assert.Equal(50, recordsSeen);
        Assert.True(beforeDone);
        Assert.Equal((await before[^1]).Next, seen);

        // The next group's header follows, after a witness of the action's fsync if the loop went idle in between.
        Assert.Contains((await after[0]).Position.Offset - seen.Offset, new long[] { GroupHeader.RecordSize, 2 * GroupHeader.RecordSize });
    }

    [Fact]
    public async Task RunExclusiveAsync_ActionThrows_FailsOnlyThatCall()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            writer.RunExclusiveAsync((_, _) => throw new InvalidOperationException("boom")).WaitAsync(TestData.Timeout));
        var result = await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        Assert.NotNull(result.Batch);
    }

    [Fact]
    public async Task AppendAsync_SmallSegments_RollsAndReadsBackAcrossSegments()
    {
        using var dir = new TempDirectory();
        var batches = Enumerable.Range(0, 120).Select(i => TestData.Batch(i, events: 4)).ToList();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none", segmentSize: 4096)))
        {
            foreach (var batch in batches)
            {
                await writer.AppendAsync(batch).AsTask().WaitAsync(TestData.Timeout);
            }

            Assert.True(writer.Stats.Segments >= 3, $"{writer.Stats.Segments} rolls");
        }

        var files = Directory.GetFiles(dir.Path, "*.seg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 4);
        Assert.All(files, f => Assert.Matches("^[0-9]{20}\\.seg$", f));

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal(batches.Count, entries.Count);
        Assert.Equal(GroupHeader.RecordSize, entries[0].Position.Offset);
        for (var i = 0; i < entries.Count; i++)
        {
            TestData.AssertSame(batches[i], entries[i].Batch);
            if (i > 0)
            {
                TestData.AssertFollows(entries[i - 1].Next, entries[i].Position);
            }
        }

        // Every segment's name is the position of its first record, the header of a group.
        var starts = entries.Select(e => e.Position.Offset - GroupHeader.RecordSize).ToHashSet();
        Assert.All(files, f => Assert.Contains(long.Parse(f![..20], System.Globalization.CultureInfo.InvariantCulture), starts));

        // Reopening continues in the last segment, after the witness the close wrote.
        await using var reopened = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none", segmentSize: 4096));
        Assert.Equal(entries[^1].Next.Offset + GroupHeader.RecordSize, reopened.EndPosition.Offset);
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsUnavailable()
    {
        using var dir = new TempDirectory();
        var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        await writer.DisposeAsync();
        var ex = await Assert.ThrowsAsync<NeuronException>(() => writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task OpenAsync_SecondWriterOnSameDirectory_ThrowsFailedPrecondition()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
    }

    [Fact]
    public async Task FlushAsync_NoneDurability_Fsyncs()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none"));
        await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        Assert.Equal(0, writer.Stats.Flushes);
        await writer.FlushAsync().WaitAsync(TestData.Timeout);
        Assert.Equal(1, writer.Stats.Flushes);
    }

    [Fact]
    public async Task AppendAsync_IntervalDurability_AcknowledgesThenFsyncsByTimer()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "interval:20"));
        await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        using var cts = new CancellationTokenSource(TestData.Timeout);
        while (writer.Stats.Flushes == 0)
        {
            await Task.Delay(5, cts.Token);
        }

        Assert.Equal(1, writer.Stats.Flushes);
    }

    [Fact]
    public async Task AppendAsync_CancelledBeforeTheLoopTakesIt_IsCancelled()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.AppendAsync(TestData.Batch(1), cts.Token).AsTask().WaitAsync(TestData.Timeout));
        Assert.Equal(0, writer.Stats.Records);
    }

    [Fact]
    public async Task AppendAsync_GroupWriteFails_RollsBackAbortsFailsCallersAndNextGroupLandsAtTheSamePosition()
    {
        using var dir = new TempDirectory();
        var logger = new RecordingLogger();
        var sequencer = new RecordingSequencer(b => b.ReceivedAtMicros % 2 == 0 ? b : null);
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger, sequencer))
        {
            var first = await writer.AppendAsync(TestData.Batch(0)).AsTask().WaitAsync(TestData.Timeout);
            var fail = true;
            writer.AfterGroupWrite = () =>
            {
                if (fail)
                {
                    fail = false;
                    throw new IOException("write failed");
                }
            };

            // Both go into one group: the exclusive action holds the loop while they queue.
            using var gate = new SemaphoreSlim(0);
            var hold = writer.RunExclusiveAsync((_, ct) => gate.WaitAsync(ct));
            var doomed = new[] { writer.AppendAsync(TestData.Batch(2)).AsTask(), writer.AppendAsync(TestData.Batch(3)).AsTask() };
            gate.Release();
            await hold.WaitAsync(TestData.Timeout);
            foreach (var task in doomed)
            {
                var ex = await Assert.ThrowsAsync<NeuronException>(() => task.WaitAsync(TestData.Timeout));
                Assert.Equal(ErrorKind.Unavailable, ex.Kind);

                // The cause (paths, errno) is for the operator's log, not for the client's status.
                Assert.Equal("the event log could not write; the batch was not stored", ex.Message);
            }

            var failure = Assert.Single(logger.Entries, e => e.EventId.Name == "EventLogGroupFailed");
            Assert.Equal("write failed", failure.Exception?.Message);
            Assert.False(writer.IsFaulted);

            Assert.Equal([TestData.Batch(2).ReceivedAtMicros], sequencer.AbortedBatches.Select(b => b.ReceivedAtMicros));
            Assert.Equal(first.Next, writer.EndPosition);
            Assert.Equal(32 + first.Next.Offset, new FileInfo(Path.Combine(dir.Path, "00000000000000000000.seg")).Length);
            var next = await writer.AppendAsync(TestData.Batch(4)).AsTask().WaitAsync(TestData.Timeout);
            Assert.Equal(first.Next.Offset + GroupHeader.RecordSize, next.Position.Offset);
        }

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([TestData.Batch(0).ReceivedAtMicros, TestData.Batch(4).ReceivedAtMicros], entries.Select(e => e.Batch.ReceivedAtMicros));
    }
}
