using System.Buffers.Binary;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

public sealed partial class EventLogWriterTests
{
    private const string FirstSegment = "00000000000000000000.seg";

    [Fact]
    public async Task OpenAsync_TornTailAtEveryByteOfTheLastGroup_RecoversToThePreviousGroup()
    {
        using var dir = new TempDirectory();
        var source = dir.Combine("source");
        List<AppendResult> results = [];
        await using (var writer = await TestData.OpenAsync(TestData.Options(source)))
        {
            for (var i = 0; i < 3; i++)
            {
                results.Add(await writer.AppendAsync(TestData.Batch(i)).AsTask().WaitAsync(TestData.Timeout));
            }
        }

        // The last group: its header record, then the last batch's record (a crash before the close's witness).
        TestData.DropCloseWitness(Path.Combine(source, FirstSegment), results[^1].Next);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(source, FirstSegment));
        var lastStart = 32 + (int)results[^2].Next.Offset;
        Assert.Equal(bytes.Length, 32 + (int)results[^1].Next.Offset);
        for (var cut = lastStart; cut < bytes.Length; cut++)
        {
            var target = dir.Combine("cut-" + cut);
            Directory.CreateDirectory(target);
            await File.WriteAllBytesAsync(Path.Combine(target, FirstSegment), bytes[..cut]);
            var logger = new RecordingLogger();
            await using (var writer = await TestData.OpenAsync(TestData.Options(target), logger))
            {
                // A witness records the open's fsync of what is left.
                Assert.Equal(results[^2].Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
            }

            var cutLines = logger.Named("EventLogTornTailCut");
            if (cut == lastStart)
            {
                Assert.Empty(cutLines);
            }
            else
            {
                var line = Assert.Single(cutLines);
                Assert.Contains($"torn tail of {cut - lastStart} bytes", line, StringComparison.Ordinal);
            }

            Assert.Equal(lastStart + GroupHeader.RecordSize, new FileInfo(Path.Combine(target, FirstSegment)).Length);
            var entries = await TestData.ReadAllAsync(target);
            Assert.Equal(2, entries.Count);
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task OpenAsync_FlippedBitMidSegment_RefusesWithSegmentAndOffset()
    {
        using var dir = new TempDirectory();
        var (results, path) = await WriteThreeAsync(dir.Path);
        FlipBit(path, 32 + results[1].Position.Offset + 20);

        // Reported at the start of the damaged group; the later headers prove it was fsynced, the newest being the
        // witness the close wrote after the last group.
        var offset = 32 + results[0].Next.Offset;
        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains(FirstSegment, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"the group header at byte offset {32 + results[2].Next.Offset} says the log was fsynced through log position {results[2].Next.Offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Repair", ex.Message, StringComparison.Ordinal);

        var readError = await Assert.ThrowsAsync<NeuronException>(() => TestData.ReadAllAsync(dir.Path));
        Assert.Equal(ErrorKind.DataLoss, readError.Kind);
        Assert.Contains($"byte offset {offset}", readError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FlippedBitWithRepair_TruncatesAtTheCorruptRecordAndLogsIt()
    {
        using var dir = new TempDirectory();
        var (results, path) = await WriteThreeAsync(dir.Path);
        FlipBit(path, 32 + results[1].Position.Offset + 20);
        var offset = 32 + results[0].Next.Offset;
        var logger = new RecordingLogger();

        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, repair: true), logger))
        {
            // Truncated after group 0; a witness records the open's fsync of what is left.
            Assert.Equal(results[0].Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
            var appended = await writer.AppendAsync(TestData.Batch(9)).AsTask().WaitAsync(TestData.Timeout);
            Assert.Equal(results[0].Next.Offset + (2 * GroupHeader.RecordSize), appended.Position.Offset);
        }

        var line = Assert.Single(logger.Named("EventLogRepairTruncated"));
        Assert.Contains($"byte offset {offset}", line, StringComparison.Ordinal);
        Assert.Contains($"cutting {results[2].Next.Offset + GroupHeader.RecordSize - results[0].Next.Offset} bytes", line, StringComparison.Ordinal);
        var entries = await TestData.ReadAllAsync(dir.Path);
        Assert.Equal(2, entries.Count);
    }

    /// <summary>
    /// The limit left under <c>always</c>: the newest group was fsynced, but no later header says so until the close's
    /// witness; after a crash, damage to it cannot be told from a torn write and is cut like one.
    /// </summary>
    [Fact]
    public async Task OpenAsync_FlippedBitInTheLastRecordAfterACrash_IsCutAsTornTail()
    {
        using var dir = new TempDirectory();
        var (results, path) = await WriteThreeAsync(dir.Path);
        TestData.DropCloseWitness(path, results[^1].Next);
        FlipBit(path, 32 + results[2].Position.Offset + 12);
        var logger = new RecordingLogger();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger);
        Assert.Equal(results[1].Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
        Assert.Single(logger.Named("EventLogTornTailCut"));
    }

    /// <summary>
    /// Pins review finding 1 under <c>always</c>: a clean close leaves a witness of its fsync, so damage to the last
    /// group is corruption, not a torn tail cut silently.
    /// </summary>
    [Fact]
    public async Task OpenAsync_FlippedBitInTheLastRecordAfterACleanClose_RefusesWithDataLoss()
    {
        using var dir = new TempDirectory();
        var (results, path) = await WriteThreeAsync(dir.Path);
        FlipBit(path, 32 + results[2].Position.Offset + 12);
        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {32 + results[1].Next.Offset}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_ZeroFilledTail_IsCut()
    {
        using var dir = new TempDirectory();
        var (_, path) = await WriteThreeAsync(dir.Path);
        var end = TestData.EndOfFirstSegment(path);
        await using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(new byte[5000]);
        }

        var logger = new RecordingLogger();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger);
        Assert.Equal(end, writer.EndPosition);
        Assert.Contains("5000 bytes", Assert.Single(logger.Named("EventLogTornTailCut")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DamageInANonLastSegment_Refuses()
    {
        using var dir = new TempDirectory();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, durability: "none", segmentSize: 4096)))
        {
            for (var i = 0; i < 60; i++)
            {
                await writer.AppendAsync(TestData.Batch(i, events: 4)).AsTask().WaitAsync(TestData.Timeout);
            }
        }

        var first = Path.Combine(dir.Path, FirstSegment);
        var length = new FileInfo(first).Length;
        await using (var stream = new FileStream(first, FileMode.Open))
        {
            stream.SetLength(length - 3);
        }

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path, segmentSize: 4096)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains(FirstSegment, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pins a power loss during a roll: the new segment has its header's length but the header never reached the disk
    /// (zeros). Recovery refused it as a damaged header, yet no record goes into a segment before its header is fsynced.
    /// </summary>
    [Fact]
    public async Task OpenAsync_NewestSegmentLostItsHeaderInAPowerLoss_DeletesItAndContinues()
    {
        using var dir = new TempDirectory();
        var (_, path) = await WriteThreeAsync(dir.Path);
        var end = TestData.EndOfFirstSegment(path);
        var unfinished = Path.Combine(dir.Path, LogFormat.SegmentFileName(end.Offset));
        await File.WriteAllBytesAsync(unfinished, new byte[LogFormat.SegmentHeaderSize]);

        // Readers take it for a segment still being created.
        Assert.Equal(3, (await TestData.ReadAllAsync(dir.Path)).Count);

        var logger = new RecordingLogger();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger))
        {
            Assert.Equal(end, writer.EndPosition);
            await writer.AppendAsync(TestData.Batch(3)).AsTask().WaitAsync(TestData.Timeout);
        }

        Assert.False(File.Exists(unfinished));
        Assert.Contains("32 bytes hold no segment header", Assert.Single(logger.Named("EventLogUnfinishedSegmentDeleted")), StringComparison.Ordinal);
        Assert.Equal(4, (await TestData.ReadAllAsync(dir.Path)).Count);
    }

    [Fact]
    public async Task OpenAsync_NewestSegmentWithADamagedHeaderAndMoreBytes_Refuses()
    {
        using var dir = new TempDirectory();
        var (_, path) = await WriteThreeAsync(dir.Path);
        var damaged = Path.Combine(dir.Path, LogFormat.SegmentFileName(TestData.EndOfFirstSegment(path).Offset));
        await File.WriteAllBytesAsync(damaged, new byte[LogFormat.SegmentHeaderSize + 1]);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.True(File.Exists(damaged));
    }

    [Fact]
    public async Task OpenAsync_UnknownFormatVersion_RefusesWithFailedPrecondition()
    {
        using var dir = new TempDirectory();
        var (_, path) = await WriteThreeAsync(dir.Path);
        var bytes = await File.ReadAllBytesAsync(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<(List<AppendResult> Results, string Path)> WriteThreeAsync(string directory)
    {
        var results = new List<AppendResult>();
        await using (var writer = await TestData.OpenAsync(TestData.Options(directory)))
        {
            for (var i = 0; i < 3; i++)
            {
                results.Add(await writer.AppendAsync(TestData.Batch(i, events: 3)).AsTask().WaitAsync(TestData.Timeout));
            }
        }

        return (results, Path.Combine(directory, FirstSegment));
    }

    private static void FlipBit(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x10));
    }
}
