using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

public sealed class EventLogReaderTests
{
    [Fact]
    public async Task ReadAsync_FromAndTo_ReturnsOnlyRecordsInRange()
    {
        using var dir = new TempDirectory();
        var results = new List<AppendResult>();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none")))
        {
            for (var i = 0; i < 10; i++)
            {
                results.Add(await writer.AppendAsync(TestData.Batch(i)).AsTask().WaitAsync(TestData.Timeout));
            }
        }

        var entries = await TestData.ReadAllAsync(dir.Path, results[3].Position, results[6].Next);
        Assert.Equal(results.Skip(3).Take(4).Select(r => r.Position), entries.Select(e => e.Position));
        Assert.Empty(await TestData.ReadAllAsync(dir.Path, results[^1].Next));
    }

    [Fact]
    public async Task ReadAsync_GroupsOfManyBatches_SkipsTheirHeadersAndReturnsEveryBatchWhereItWasWritten()
    {
        using var dir = new TempDirectory();
        var batches = Enumerable.Range(0, 40).Select(i => TestData.Batch(i, events: 1 + (i % 7))).ToList();
        var results = new List<AppendResult>();
        long groups;
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none")))
        {
            // Each wave queues while an exclusive action holds the loop, so it becomes one group.
            foreach (var wave in batches.Chunk(8))
            {
                using var gate = new SemaphoreSlim(0);
                var hold = writer.RunExclusiveAsync((_, ct) => gate.WaitAsync(TestData.Timeout, ct));
                var appends = wave.Select(b => writer.AppendAsync(b).AsTask()).ToList();
                gate.Release();
                await hold.WaitAsync(TestData.Timeout);
                results.AddRange(await Task.WhenAll(appends).WaitAsync(TestData.Timeout));
            }

            groups = writer.Stats.Groups;
        }

        Assert.Equal(5, groups);
        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal(results.Select(r => (r.Position, r.Next)), entries.Select(e => (e.Position, e.Next)));
        for (var i = 0; i < batches.Count; i++)
        {
            TestData.AssertSame(batches[i], entries[i].Batch);
        }

        // Resuming after any entry, inside a group or at its end, and tailing, give the same batches.
        for (var i = 0; i < entries.Count; i++)
        {
            var rest = await TestData.ReadAllAsync(dir.Path, entries[i].Next);
            Assert.Equal(entries.Skip(i + 1).Select(e => e.Position), rest.Select(e => e.Position));
        }

        using var cts = new CancellationTokenSource(TestData.Timeout);
        var tailed = new List<LogEntry>();
        await foreach (var entry in new EventLogReader(dir.Path).TailAsync(LogPosition.Start, cts.Token))
        {
            tailed.Add(entry);
            if (tailed.Count == entries.Count)
            {
                break;
            }
        }

        Assert.Equal(entries.Select(e => e.Position), tailed.Select(e => e.Position));
    }

    [Fact]
    public async Task ReadAsync_EmptyOrMissingDirectory_ReturnsNothing()
    {
        using var dir = new TempDirectory();
        Assert.Empty(await TestData.ReadAllAsync(dir.Combine("missing")));
    }

    [Fact]
    public async Task TailAsync_WriterAppendsConcurrentlyAcrossRolls_SeesEveryRecordOnceInOrder()
    {
        using var dir = new TempDirectory();
        const int Count = 400;
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none", segmentSize: 8192));
        using var cts = new CancellationTokenSource(TestData.Timeout);
        var reader = new EventLogReader(dir.Path, TimeSpan.FromMilliseconds(2));
        var tail = Task.Run(async () =>
        {
            var seen = new List<LogEntry>();
            await foreach (var entry in reader.TailAsync(LogPosition.Start, cts.Token))
            {
                seen.Add(entry);
                if (seen.Count == Count)
                {
                    break;
                }
            }

            return seen;
        });

        var appends = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < Count / 8; i++)
            {
                await writer.AppendAsync(TestData.Batch((t * 1000) + i, events: 3));
            }
        }));
        await Task.WhenAll(appends).WaitAsync(TestData.Timeout);
        var seen = await tail.WaitAsync(TestData.Timeout);

        Assert.True(writer.Stats.Segments > 0);
        Assert.Equal(Count, seen.Select(e => e.Batch.ReceivedAtMicros).Distinct().Count());
        Assert.Equal(GroupHeader.RecordSize, seen[0].Position.Offset);
        Assert.All(seen.Zip(seen.Skip(1)), p => TestData.AssertFollows(p.First.Next, p.Second.Position));
        Assert.Equal(writer.EndPosition, seen[^1].Next);
    }

    [Fact]
    public async Task TailAsync_HalfWrittenRecordAtTheEnd_WaitsUntilItIsWhole()
    {
        using var dir = new TempDirectory();
        var (record, path, end) = await PrepareUnwrittenRecordAsync(dir.Path);
        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(record.AsSpan(0, record.Length / 2));
        }

        // Read mode stops before the partial record; it is not an error.
        Assert.Single(await TestData.ReadAllAsync(dir.Path));

        using var cts = new CancellationTokenSource(TestData.Timeout);
        await using var tail = new EventLogReader(dir.Path, TimeSpan.FromMilliseconds(5)).TailAsync(end, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = tail.MoveNextAsync().AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(record.AsSpan(record.Length / 2));
        }

        Assert.True(await next.WaitAsync(TestData.Timeout));
        Assert.Equal(end, tail.Current.Position);
        TestData.AssertSame(TestData.Batch(2), tail.Current.Batch);
    }

    [Fact]
    public async Task ReadAsync_BadRecordFollowedByGoodOnes_StopsThereUntilAGroupHeaderSaysItWasFsynced()
    {
        using var dir = new TempDirectory();
        var (record, path, end) = await PrepareUnwrittenRecordAsync(dir.Path);
        var damaged = (byte[])record.Clone();
        damaged[^1] ^= 0xFF;
        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(damaged);
            stream.Write(record);
        }

        // What a power loss can leave in the unsynced tail: not written yet, not an error.
        Assert.Single(await TestData.ReadAllAsync(dir.Path));

        // A later group written once the log was fsynced past the bad record makes it damage to durable bytes.
        var groupAt = end.Offset + (2 * record.Length);
        var group = new byte[GroupHeader.RecordSize + record.Length];
        record.CopyTo(group, GroupHeader.RecordSize);
        GroupHeader.Write(group, groupAt, syncedThrough: groupAt);
        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(group);
        }

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.ReadAllAsync(dir.Path));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {32 + end.Offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("00000000000000000000.seg", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"fsynced through log position {groupAt}", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes one record through a writer, and returns the bytes of a second one, not yet in the file.</summary>
    private static async Task<(byte[] Record, string Path, LogPosition End)> PrepareUnwrittenRecordAsync(string directory)
    {
        await using (var writer = await TestData.OpenAsync(TestData.Options(directory)))
        {
            await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        }

        // The end after the close, past the witness it wrote.
        var path = Path.Combine(directory, "00000000000000000000.seg");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        LogRecordCodec.WriteRecord(TestData.Batch(2), buffer);
        return (buffer.WrittenSpan.ToArray(), path, TestData.EndOfFirstSegment(path));
    }
}
