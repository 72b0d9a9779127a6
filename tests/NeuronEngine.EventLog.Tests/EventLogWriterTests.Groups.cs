using System.Buffers;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

/// <summary>
/// Record groups at recovery: bad bytes past the newest synced-through watermark are a torn tail and are cut with
/// every group after them; bad bytes before it are corruption, whatever follows.
/// </summary>
public sealed partial class EventLogWriterTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("interval:60000")]
    public async Task OpenAsync_DamageBeforeTheSyncedWatermark_RefusesWithDataLossEvenWithAHoleAfterIt(string durability)
    {
        using var dir = new TempDirectory();
        var results = await WriteGroupsAsync(dir.Path, durability, count: 8, flushAfter: 4);
        var path = Path.Combine(dir.Path, FirstSegment);

        // Group 1 was fsynced by the flush, and groups 4 to 7 say so; a hole in group 6, as a power loss leaves in
        // the unsynced tail, does not hide that.
        FlipBit(path, 32 + results[1].Position.Offset + 20);
        ZeroRange(path, 32 + results[6].Position.Offset, 64);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path, durability)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {32 + results[0].Next.Offset} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"fsynced through log position {results[3].Next.Offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Repair", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_TornGroupPastTheSyncedWatermark_CutsItAndTheWholeGroupsAfterIt()
    {
        using var dir = new TempDirectory();
        var results = await WriteGroupsAsync(dir.Path, "none", count: 6, flushAfter: 2);
        var path = Path.Combine(dir.Path, FirstSegment);
        var length = new FileInfo(path).Length;

        // Group 3's header is whole but its body is not (a lost page inside it); groups 4 and 5 are whole.
        ZeroRange(path, 32 + results[3].Position.Offset + 20, 100);

        var logger = new RecordingLogger();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, "none"), logger))
        {
            // Cut after group 2; a witness records the open's fsync of what is left.
            Assert.Equal(results[2].Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
            var next = await writer.AppendAsync(TestData.Batch(99)).AsTask().WaitAsync(TestData.Timeout);
            Assert.Equal(results[2].Next.Offset + (2 * GroupHeader.RecordSize), next.Position.Offset);
        }

        var line = Assert.Single(logger.Named("EventLogTornTailCut"));
        Assert.Contains($"torn tail of {length - 32 - results[2].Next.Offset} bytes (3 record group(s) or more)", line, StringComparison.Ordinal);
        Assert.Contains($"past log position {results[1].Next.Offset}", line, StringComparison.Ordinal);
        Assert.Contains("CRC-32C mismatch over a record group", line, StringComparison.Ordinal);
        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([0L, 1L, 2L, 99L], entries.Select(e => e.Batch.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros));
    }

    [Fact]
    public async Task OpenAsync_LogWrittenBeforeGroupHeaders_ReadsItAndAppendsGroupsAfterIt()
    {
        using var dir = new TempDirectory();
        var records = new ArrayBufferWriter<byte>();
        var header = new byte[LogFormat.SegmentHeaderSize];
        LogFormat.WriteSegmentHeader(header, 0);
        records.Write(header);
        for (var i = 0; i < 3; i++)
        {
            LogRecordCodec.WriteRecord(TestData.Batch(i), records);
        }

        await File.WriteAllBytesAsync(Path.Combine(dir.Path, FirstSegment), records.WrittenSpan.ToArray());
        var end = records.WrittenCount - LogFormat.SegmentHeaderSize;
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path)))
        {
            // No group header vouched for the old records: the open's fsync is recorded by a witness after them.
            Assert.Equal(end + GroupHeader.RecordSize, writer.EndPosition.Offset);
            var appended = await writer.AppendAsync(TestData.Batch(3)).AsTask().WaitAsync(TestData.Timeout);
            Assert.Equal(end + (2 * GroupHeader.RecordSize), appended.Position.Offset);
        }

        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal([0L, 1L, 2L, 3L], entries.Select(e => e.Batch.ReceivedAtMicros - TestData.Batch(0).ReceivedAtMicros));
    }

    /// <summary>
    /// Appends <paramref name="count"/> batches one at a time (one group each), fsyncing after the first
    /// <paramref name="flushAfter"/>, and leaves the log as a crash would (without the witness a clean close writes).
    /// </summary>
    private static async Task<List<AppendResult>> WriteGroupsAsync(string directory, string durability, int count, int flushAfter)
    {
        var results = new List<AppendResult>();
        await using (var writer = await TestData.OpenAsync(TestData.Options(directory, durability)))
        {
            for (var i = 0; i < count; i++)
            {
                if (i == flushAfter)
                {
                    await writer.FlushAsync().WaitAsync(TestData.Timeout);
                }

                // The flush leaves the writer idle, so a witness of its fsync follows; positions come from the results.
                results.Add(await writer.AppendAsync(TestData.Batch(i, events: 6)).AsTask().WaitAsync(TestData.Timeout));
            }

            Assert.Equal(count, writer.Stats.Groups);
        }

        TestData.DropCloseWitness(Path.Combine(directory, FirstSegment), results[^1].Next);
        return results;
    }

    private static void ZeroRange(string path, long offset, int count)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        stream.Write(new byte[count]);
    }
}
