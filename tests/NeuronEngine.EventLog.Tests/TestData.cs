namespace NeuronEngine.EventLog.Tests;

internal static class TestData
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static EventBatch Batch(int seed, int events = 2, string tenant = "acme") =>
        new(tenant, 1_700_000_000_000_000 + seed, Enumerable.Range(0, events).Select(i => new TrackedEvent(
            i % 2 == 0 ? $"ev-{seed}-{i}" : null,
            $"user-{seed}",
            $"item-{i}",
            i % 3 == 0 ? "click" : "view",
            (byte)(1 + (i % 100)),
            1_700_000_000_000_000 + (seed * 1000) + i,
            i % 2 == 0 ? ["surface:home"] : [])).ToArray());

    public static EventLogOptions Options(string directory, string durability = "always", long segmentSize = 256L * 1024 * 1024, bool repair = false) =>
        new() { Directory = directory, Durability = durability, SegmentSizeBytes = segmentSize, Repair = repair };

    /// <summary>
    /// The log end of a one-segment log in <paramref name="segmentPath"/> as the file stands (after a clean close that
    /// includes the witness the close writes).
    /// </summary>
    public static LogPosition EndOfFirstSegment(string segmentPath) => new(new FileInfo(segmentPath).Length - LogFormat.SegmentHeaderSize);

    /// <summary>
    /// Makes a cleanly closed one-segment log look as if the writer had crashed after writing up to
    /// <paramref name="end"/>: drops the witness its close wrote after the last group.
    /// </summary>
    public static void DropCloseWitness(string segmentPath, LogPosition end)
    {
        Assert.Equal(LogFormat.SegmentHeaderSize + end.Offset + GroupHeader.RecordSize, new FileInfo(segmentPath).Length);
        using var stream = new FileStream(segmentPath, FileMode.Open, FileAccess.Write);
        stream.SetLength(LogFormat.SegmentHeaderSize + end.Offset);
    }

    /// <summary>What a stopped writer tells its callers.</summary>
    public const string StoppedMessage = "the event log stopped after an internal failure; restart the engine to recover";

    public static Task<EventLogWriter> OpenAsync(
        EventLogOptions options,
        RecordingLogger? logger = null,
        IAppendSequencer? sequencer = null,
        TimeProvider? timeProvider = null,
        Action<Microsoft.Win32.SafeHandles.SafeFileHandle, string>? flushFile = null) =>
        EventLogWriter.OpenCoreAsync(options, logger ?? new RecordingLogger(), sequencer, timeProvider, flushFile).WaitAsync(Timeout);

    public static async Task<List<LogEntry>> ReadAllAsync(string directory, LogPosition? from = null, LogPosition? to = null)
    {
        var entries = new List<LogEntry>();
        using var cts = new CancellationTokenSource(Timeout);
        await foreach (var entry in new EventLogReader(directory).ReadAsync(from ?? LogPosition.Start, to, cts.Token))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Asserts that the record at <paramref name="position"/> follows the one ending at <paramref name="previousNext"/>:
    /// straight after it in the same group, or after the header of the next group.
    /// </summary>
    public static void AssertFollows(LogPosition previousNext, LogPosition position) =>
        Assert.Contains(position.Offset - previousNext.Offset, new long[] { 0, GroupHeader.RecordSize });

    public static void AssertSame(EventBatch expected, EventBatch actual)
    {
        Assert.Equal(expected.Tenant, actual.Tenant);
        Assert.Equal(expected.ReceivedAtMicros, actual.ReceivedAtMicros);
        Assert.Equal(expected.Events.Length, actual.Events.Length);
        for (var i = 0; i < expected.Events.Length; i++)
        {
            var e = expected.Events[i];
            var a = actual.Events[i];
            Assert.Equal(e.EventId, a.EventId);
            Assert.Equal(e.UserId, a.UserId);
            Assert.Equal(e.ItemId, a.ItemId);
            Assert.Equal(e.Type, a.Type);
            Assert.Equal(e.Weight, a.Weight);
            Assert.Equal(e.TimestampMicros, a.TimestampMicros);
            Assert.Equal(e.Tags, a.Tags);
        }
    }
}
