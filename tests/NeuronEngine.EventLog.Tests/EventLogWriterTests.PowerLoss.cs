using System.Globalization;
using CsCheck;

namespace NeuronEngine.EventLog.Tests;

/// <summary>
/// Recovery after a power loss: the writer appends groups under a policy, the power goes (pages written since their
/// file's last fsync survive, vanish or tear, in any order), and the log must reopen as a prefix of what was written.
/// </summary>
public sealed partial class EventLogWriterTests
{
    private static readonly Gen<PowerLossScenario> PowerLossScenarios = Gen.Select(
        Gen.OneOf(Gen.Const("none"), Gen.Const("interval:5"), Gen.Const("always")),
        Gen.OneOf(Gen.Const(4096), Gen.Const(16 * 1024), Gen.Const(1024 * 1024)),
        Gen.Int[1, 40].Array[1, 6].Array[4, 20],
        Gen.Int[0, 5].Array[20],
        Gen.Int,
        Gen.OneOf(Gen.Const(SecondCut.DuringRecovery), Gen.Const(SecondCut.AfterReopening)),
        (durability, segmentSize, waves, flushes, seed, secondCut) => new PowerLossScenario(durability, segmentSize, waves, flushes, seed, secondCut));

    private enum SecondCut
    {
        /// <summary>At recovery's first fsync: after it cut a torn tail (if any), before that cut or the open's fsync is durable.</summary>
        DuringRecovery,

        /// <summary>After the reopened writer appended one more batch.</summary>
        AfterReopening,
    }

    /// <summary>
    /// Pins durability hole B: after a power loss under <c>interval</c> or <c>none</c>, a lost page followed by pages
    /// that did reach the disk is the normal state of the unsynced tail, yet recovery took the good records after the
    /// hole as proof of corruption and refused to start (DataLoss). The disk is watched from before the first open (so
    /// the fsyncs of segment creation and of open count only through the seam), and the power goes a second time, while
    /// the reopened writer recovers or after it appended, which must leave everything the first recovery kept.
    /// </summary>
    [Fact]
    public void OpenAsync_AfterPowerLoss_StartsWithAPrefixHoldingEverythingFsynced()
    {
        Properties.Run("event-log-power-loss", PowerLossScenarios, s => PowerLossAsync(s).GetAwaiter().GetResult(), 60, output);
    }

    private static async Task PowerLossAsync(PowerLossScenario scenario)
    {
        using var dir = new TempDirectory();
        var options = TestData.Options(dir.Path, scenario.Durability, scenario.SegmentSize);
        var written = new List<AppendResult>();
        PowerLossImage image;
        long syncedEnd;
        var disk = new PowerLossDisk(dir.Path, "*.seg");
        await using (var writer = await TestData.OpenAsync(options, flushFile: disk.Flush))
        {
            var seed = 0;
            for (var w = 0; w < scenario.Waves.Length; w++)
            {
                // Appends queued together share groups; a flush now and then stands in for a checkpoint's fsync.
                var wave = scenario.Waves[w].Select(events => writer.AppendAsync(TestData.Batch(seed++, events)).AsTask()).ToList();
                written.AddRange(await Task.WhenAll(wave).WaitAsync(TestData.Timeout));
                if (scenario.Flushes[w] == 0)
                {
                    await writer.FlushAsync().WaitAsync(TestData.Timeout);
                }
            }

            syncedEnd = SyncedEnd(dir.Path, disk);
            image = disk.CutPower(new Random(scenario.Seed));
        }

        // What the writer did after the cut (its closing fsync) never happened.
        image.Restore();
        written.Sort((a, b) => a.Position.CompareTo(b.Position));
        var context = $"{scenario}; fsynced through {syncedEnd}; {image}";
        var mustSurvive = scenario.Durability == "always" ? written.Count : written.Count(r => r.Next.Offset <= syncedEnd);

        // After the reboot, what the disk holds is durable; the second loss is judged against it.
        var rebooted = new PowerLossDisk(dir.Path, "*.seg");
        var random = new Random(scenario.Seed ^ 0x5EED);
        PowerLossImage? second = null;
        void Flush(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path)
        {
            if (scenario.SecondCut == SecondCut.DuringRecovery && second is null)
            {
                second = rebooted.CutPower(random);
            }

            rebooted.Flush(handle, path);
        }

        EventLogWriter reopened;
        try
        {
            reopened = await TestData.OpenAsync(options, flushFile: Flush);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"the writer refused to start after a power loss ({context}): {ex.Message}");
        }

        List<LogEntry> entries;
        AppendResult marker;
        await using (reopened)
        {
            entries = await TestData.ReadAllAsync(dir.Path);
            AssertPrefix(written, entries, context);

            // Everything fsynced survives; under "always" that is every acknowledged append.
            Assert.True(entries.Count >= mustSurvive, $"{entries.Count} of {mustSurvive} fsynced appends survived ({context})");

            // The log ends where the prefix does, or just past the witness of the open's fsync; nothing after the cut is
            // readable, not even once the log grows again.
            var end = entries.Count == 0 ? LogPosition.Start : entries[^1].Next;
            Assert.Contains(reopened.EndPosition.Offset - end.Offset, new long[] { 0, GroupHeader.RecordSize });
            marker = await reopened.AppendAsync(TestData.Batch(1_000_000)).AsTask().WaitAsync(TestData.Timeout);
            var after = await TestData.ReadAllAsync(dir.Path, end);
            Assert.Equal(marker.Position, Assert.Single(after).Position);
            second ??= rebooted.CutPower(random);
        }

        second.Restore();
        context += $"; second loss {scenario.SecondCut}: {second}";
        EventLogWriter third;
        try
        {
            third = await TestData.OpenAsync(options);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"the writer refused to start after a second power loss ({context}): {ex.Message}");
        }

        await using (third)
        {
            // The first recovery's fsync made what it kept durable, so a second loss (even during that recovery, which
            // then redoes the same cut) keeps it; after the reopening, under "always" the marker too.
            var again = await TestData.ReadAllAsync(dir.Path);
            var expected = written.Take(entries.Count).Append(marker).ToList();
            AssertPrefix(expected, again, context);
            var kept = scenario.SecondCut == SecondCut.DuringRecovery ? mustSurvive
                : entries.Count + (scenario.Durability == "always" ? 1 : 0);
            Assert.True(again.Count >= kept, $"{again.Count} of {kept} durable appends survived the second loss ({context})");
        }
    }

    private static void AssertPrefix(List<AppendResult> written, List<LogEntry> entries, string context)
    {
        Assert.True(entries.Count <= written.Count, context);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(written[i].Position, entries[i].Position);
            Assert.Equal(written[i].Next, entries[i].Next);
            TestData.AssertSame(written[i].Batch!, entries[i].Batch);
        }
    }

    /// <summary>The log position through which every byte was fsynced: whole segments, then the fsynced part of the next.</summary>
    private static long SyncedEnd(string directory, PowerLossDisk disk)
    {
        long end = 0;
        foreach (var path in Directory.GetFiles(directory, "*.seg").Order(StringComparer.Ordinal))
        {
            var synced = disk.SyncedLength(path);
            end = long.Parse(Path.GetFileNameWithoutExtension(path), CultureInfo.InvariantCulture) + Math.Max(0, synced - 32);
            if (synced < new FileInfo(path).Length)
            {
                break;
            }
        }

        return end;
    }

    /// <param name="Waves">Per wave, the event count of each batch appended at once.</param>
    /// <param name="Flushes">A flush follows wave i when Flushes[i] is 0.</param>
    /// <param name="SecondCut">When the power goes the second time.</param>
    private sealed record PowerLossScenario(string Durability, int SegmentSize, int[][] Waves, int[] Flushes, int Seed, SecondCut SecondCut)
    {
        public override string ToString() =>
            $"{Durability}, segments of {SegmentSize} bytes, seed {Seed}, waves [{string.Join(" ", Waves.Select(w => w.Length))}], second cut {SecondCut}";
    }
}
