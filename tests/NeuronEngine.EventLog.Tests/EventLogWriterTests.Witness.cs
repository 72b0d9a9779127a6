using System.Buffers;
using CsCheck;
using NeuronEngine.Core;

namespace NeuronEngine.EventLog.Tests;

/// <summary>
/// Witnesses: an fsync with no group after it is recorded by an empty group header, so recovery never takes damage to
/// fsynced bytes for a torn write and cuts it silently; and records written before group headers keep the old rule.
/// </summary>
public sealed partial class EventLogWriterTests
{
    private static readonly Gen<FlipScenario> FlipScenarios = Gen.Select(
        Gen.OneOf(Gen.Const("none"), Gen.Const("interval:60000")),
        Gen.Int[1, 12].Array[1, 8],
        Gen.Bool,
        Gen.Int,
        (durability, waves, cleanClose, seed) => new FlipScenario(durability, waves, cleanClose, seed));

    /// <summary>
    /// Pins review finding 1 (the reproduction): under <c>interval</c>, five groups, a flush and a clean close, then one
    /// flipped bit in group 2. Every group had been fsynced, yet no group header was written after that fsync, so
    /// recovery took the damage for a torn tail and cut four groups ("last known fsynced 0").
    /// </summary>
    [Fact]
    public async Task OpenAsync_BitFlipAfterFlushAndCleanCloseUnderInterval_RefusesWithDataLossInsteadOfCutting()
    {
        using var dir = new TempDirectory();
        var results = new List<AppendResult>();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, "interval:60000")))
        {
            for (var i = 0; i < 5; i++)
            {
                results.Add(await writer.AppendAsync(TestData.Batch(i, events: 3)).AsTask().WaitAsync(TestData.Timeout));
            }

            await writer.FlushAsync().WaitAsync(TestData.Timeout);
        }

        var path = Path.Combine(dir.Path, FirstSegment);
        FlipBit(path, 32 + results[2].Position.Offset + 20);
        var logger = new RecordingLogger();
        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path, "interval:60000"), logger));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {32 + results[1].Next.Offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"fsynced through log position {results[4].Next.Offset}", ex.Message, StringComparison.Ordinal);
        Assert.Empty(logger.Named("EventLogTornTailCut"));
        Assert.Equal(32 + results[4].Next.Offset + GroupHeader.RecordSize, new FileInfo(path).Length);
    }

    /// <summary>
    /// Pins review finding 2: a last segment written before group headers existed (no header in it) with one damaged
    /// record followed by good ones is corruption, as the rule those records were written under said; it was cut as a
    /// torn tail, taking the good records after it.
    /// </summary>
    [Fact]
    public async Task OpenAsync_LegacyRecordsWithDamageFollowedByAGoodRecord_RefusesWithDataLoss()
    {
        using var dir = new TempDirectory();
        var (path, offsets) = await WriteLegacySegmentAsync(dir.Path, count: 4);
        FlipBit(path, offsets[1] + 12);

        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path)));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {offsets[1]}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"a good record follows at byte offset {offsets[2]}", ex.Message, StringComparison.Ordinal);

        // Repair still cuts there.
        await using (var repaired = await TestData.OpenAsync(TestData.Options(dir.Path, repair: true)))
        {
            Assert.Equal(offsets[1] - 32 + GroupHeader.RecordSize, repaired.EndPosition.Offset);
        }

        Assert.Single(await TestData.ReadAllAsync(dir.Path));
    }

    /// <summary>Under the old rule as under the new, damage with nothing good after it in a legacy segment is a torn tail.</summary>
    [Fact]
    public async Task OpenAsync_LegacyRecordsWithDamageInTheLastRecord_CutsItAsATornTail()
    {
        using var dir = new TempDirectory();
        var (path, offsets) = await WriteLegacySegmentAsync(dir.Path, count: 3);
        FlipBit(path, offsets[2] + 12);

        var logger = new RecordingLogger();
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path), logger))
        {
            Assert.Equal(offsets[2] - 32 + GroupHeader.RecordSize, writer.EndPosition.Offset);
        }

        Assert.Single(logger.Named("EventLogTornTailCut"));
        Assert.Equal(2, (await TestData.ReadAllAsync(dir.Path)).Count);
    }

    /// <summary>A legacy segment the new writer appended groups to: damage in the old records is refused, by either rule.</summary>
    [Fact]
    public async Task OpenAsync_DamageInLegacyRecordsBeforeNewGroups_RefusesWithDataLoss()
    {
        using var dir = new TempDirectory();
        var (path, offsets) = await WriteLegacySegmentAsync(dir.Path, count: 3);
        await using (var writer = await TestData.OpenAsync(TestData.Options(dir.Path, "none")))
        {
            await writer.AppendAsync(TestData.Batch(10)).AsTask().WaitAsync(TestData.Timeout);
        }

        FlipBit(path, offsets[2] + 12);
        var ex = await Assert.ThrowsAsync<NeuronException>(() => TestData.OpenAsync(TestData.Options(dir.Path, "none")));
        Assert.Equal(ErrorKind.DataLoss, ex.Kind);
        Assert.Contains($"byte offset {offsets[2]}", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A flush writes one witness once the writer is idle; a second flush fsyncs it and writes no other; a third does
    /// nothing.
    /// </summary>
    [Fact]
    public async Task FlushAsync_Repeated_WritesOneWitnessAndNothingMore()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, "none"));
        var appended = await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        await writer.FlushAsync().WaitAsync(TestData.Timeout);
        await WaitForEndAsync(writer, appended.Next.Offset + GroupHeader.RecordSize);
        await writer.FlushAsync().WaitAsync(TestData.Timeout);
        await writer.FlushAsync().WaitAsync(TestData.Timeout);
        await Task.Delay(50);
        Assert.Equal(appended.Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
        Assert.Equal(2, writer.Stats.Flushes);
    }

    /// <summary>The interval fsync of an idle writer is witnessed once; the witness alone never makes the timer fire again.</summary>
    [Fact]
    public async Task AppendAsync_IntervalWriterGoesIdle_OneFsyncOneWitnessThenNothing()
    {
        using var dir = new TempDirectory();
        await using var writer = await TestData.OpenAsync(TestData.Options(dir.Path, "interval:10"));
        var appended = await writer.AppendAsync(TestData.Batch(1)).AsTask().WaitAsync(TestData.Timeout);
        await WaitForEndAsync(writer, appended.Next.Offset + GroupHeader.RecordSize);
        await Task.Delay(150);
        Assert.Equal(appended.Next.Offset + GroupHeader.RecordSize, writer.EndPosition.Offset);
        Assert.Equal(1, writer.Stats.Flushes);
    }

    /// <summary>
    /// Review finding 10's property: under <c>interval</c> and <c>none</c>, after a flush (and a crash once its witness
    /// is written) or a clean close, any flipped bit below the fsynced end makes the writer refuse with DataLoss;
    /// recovery never cuts it silently.
    /// </summary>
    [Fact]
    public void OpenAsync_BitFlipBelowTheFsyncedEnd_RefusesWithDataLossNeverASilentCut()
    {
        Properties.Run("event-log-flip-below-fsynced", FlipScenarios, s => FlipAsync(s).GetAwaiter().GetResult(), 40, output);
    }

    private static async Task FlipAsync(FlipScenario scenario)
    {
        using var dir = new TempDirectory();
        var source = dir.Combine("source");
        var target = dir.Combine("target");
        Directory.CreateDirectory(target);
        var options = TestData.Options(source, scenario.Durability);
        long fsyncedEnd;
        await using (var writer = await TestData.OpenAsync(options))
        {
            var seed = 0;
            foreach (var wave in scenario.Waves)
            {
                await Task.WhenAll(Enumerable.Range(0, wave).Select(_ => writer.AppendAsync(TestData.Batch(seed++)).AsTask())).WaitAsync(TestData.Timeout);
            }

            var flushed = LogPosition.Start;
            await writer.RunExclusiveAsync((position, _) =>
            {
                flushed = position;
                return Task.CompletedTask;
            }).WaitAsync(TestData.Timeout);
            fsyncedEnd = flushed.Offset;
            if (!scenario.CleanClose)
            {
                // A crash (not a power loss: the page cache survives) once the writer has gone idle after the flush.
                await WaitForEndAsync(writer, fsyncedEnd + GroupHeader.RecordSize, throwOnTimeout: false);
                CopySegments(source, target);
            }
        }

        if (scenario.CleanClose)
        {
            CopySegments(source, target);
        }

        var path = Path.Combine(target, FirstSegment);
        var random = new Random(scenario.Seed);
        var offset = 32 + random.NextInt64(fsyncedEnd);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = offset;
            var b = stream.ReadByte();
            stream.Position = offset;
            stream.WriteByte((byte)(b ^ (1 << random.Next(8))));
        }

        var logger = new RecordingLogger();
        EventLogWriter? opened = null;
        try
        {
            opened = await TestData.OpenAsync(TestData.Options(target, scenario.Durability), logger);
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.DataLoss)
        {
            return;
        }
        finally
        {
            if (opened is not null)
            {
                await opened.DisposeAsync();
            }
        }

        throw new Xunit.Sdk.XunitException(
            $"a flipped bit at byte offset {offset}, below the fsynced end {fsyncedEnd}, did not stop the writer ({scenario}): {string.Join(" | ", logger.Named("EventLogTornTailCut"))}");
    }

    private static void CopySegments(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*.seg"))
        {
            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var output = File.Create(Path.Combine(to, Path.GetFileName(file)));
            input.CopyTo(output);
        }
    }

    /// <summary>Waits until the writer's end reaches <paramref name="offset"/> (a witness written by the loop once idle).</summary>
    private static async Task WaitForEndAsync(EventLogWriter writer, long offset, bool throwOnTimeout = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (writer.EndPosition.Offset < offset)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.False(throwOnTimeout, $"the writer's end stayed at {writer.EndPosition.Offset}, short of {offset}");
                return;
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Writes a last segment as the build before group headers did: records back to back, no group headers.</summary>
    /// <returns>The segment's path and the file offset of each record.</returns>
    private static async Task<(string Path, List<long> Offsets)> WriteLegacySegmentAsync(string directory, int count)
    {
        var records = new ArrayBufferWriter<byte>();
        var header = new byte[LogFormat.SegmentHeaderSize];
        LogFormat.WriteSegmentHeader(header, 0);
        records.Write(header);
        var offsets = new List<long>();
        for (var i = 0; i < count; i++)
        {
            offsets.Add(records.WrittenCount);
            LogRecordCodec.WriteRecord(TestData.Batch(i, events: 3), records);
        }

        var path = Path.Combine(directory, FirstSegment);
        await File.WriteAllBytesAsync(path, records.WrittenSpan.ToArray());
        return (path, offsets);
    }

    /// <param name="Waves">Per wave, how many batches are appended at once.</param>
    /// <param name="CleanClose">Whether the writer is closed before the bit flip, or crashes after the flush.</param>
    private sealed record FlipScenario(string Durability, int[] Waves, bool CleanClose, int Seed)
    {
        public override string ToString() =>
            $"{Durability}, waves [{string.Join(" ", Waves)}], {(CleanClose ? "clean close" : "crash after a flush")}, seed {Seed}";
    }
}
