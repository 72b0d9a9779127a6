using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Ingest;

/// <summary>
/// A batch the counters could not apply is refused at admission, before it is written, so every record the log holds
/// can be replayed. The type limit is lowered to 2 so it can be reached.
/// </summary>
public sealed class IngestAdmissionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory dir = new("admission");

    [Fact]
    public async Task AppendAsync_BatchAddingATypeOverTheLimit_IsRefusedUnwrittenAndTheLogReplays()
    {
        var options = new EventLogOptions { Directory = dir.Combine("events") };
        LogPosition end;
        using (var counters = OpenCounters("counters"))
        {
            await using var log = await EventLogWriter.OpenAsync(options, NullLogger.Instance, new IngestSequencer(counters)).WaitAsync(Timeout);
            await log.AppendAsync(Batch(1, "click", "view")).AsTask().WaitAsync(Timeout);
            var before = log.EndPosition;

            var ex = await Assert.ThrowsAsync<NeuronException>(() => log.AppendAsync(Batch(2, "click", "buy")).AsTask().WaitAsync(Timeout));
            Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
            Assert.Contains("Counters:MaxEventTypesPerTenant", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, log.EndPosition);
            Assert.False(log.IsFaulted);

            // Types the tenant has stay accepted; the refused batch's ids were not kept as pending.
            await log.AppendAsync(Batch(2, "click", "view")).AsTask().WaitAsync(Timeout);
            Assert.Equal(4, counters.GetStats("acme").TotalEvents);
            end = log.EndPosition;
        }

        // Recovery's replay into empty counters applies every record the log accepted, without a throw.
        var entries = new List<LogEntry>();
        await foreach (var entry in new EventLogReader(options.Directory).ReadAsync(LogPosition.Start, end).WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            entries.Add(entry);
        }

        using var replay = OpenCounters("replay");
        foreach (var entry in entries)
        {
            replay.Apply(entry.Batch, entry.Next);
        }

        Assert.Equal(2, entries.Count);
        Assert.Equal(4, replay.GetStats("acme").TotalEvents);
    }

    [Fact]
    public void Admit_TwoBatchesOfOneGroupTogetherOverTheTypeLimit_RefusesTheSecond()
    {
        using var counters = OpenCounters("counters");
        var sequencer = new IngestSequencer(counters);

        // No Applied between them: the batches of one group are all admitted before any is applied.
        Assert.NotNull(sequencer.Admit(Batch(1, "click")));
        Assert.NotNull(sequencer.Admit(Batch(2, "view")));
        var ex = Assert.Throws<NeuronException>(() => sequencer.Admit(Batch(3, "buy")));
        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);

        // A type an earlier batch of the group adds takes no new room; the refused batch's ids are free.
        Assert.NotNull(sequencer.Admit(Batch(3, "click", "view")));
    }

    [Fact]
    public void Aborted_ReleasesTheTypesItsBatchesAdded()
    {
        using var counters = OpenCounters("counters");
        var sequencer = new IngestSequencer(counters);
        Assert.NotNull(sequencer.Admit(Batch(1, "click")));
        var aborted = sequencer.Admit(Batch(2, "view"));

        sequencer.Aborted([aborted!]);
        Assert.NotNull(sequencer.Admit(Batch(3, "buy")));
        Assert.Throws<NeuronException>(() => sequencer.Admit(Batch(4, "view")));
    }

    [Fact]
    public void Applied_TypesCountOnceAppliedAndReservedAtOnce()
    {
        using var counters = OpenCounters("counters");
        var sequencer = new IngestSequencer(counters);
        var first = sequencer.Admit(Batch(1, "click"))!;
        var second = sequencer.Admit(Batch(2, "click", "view"))!;
        sequencer.Applied(first, LogPosition.Start, new LogPosition(100));
        sequencer.Applied(second, new LogPosition(100), new LogPosition(200));

        Assert.Throws<NeuronException>(() => sequencer.Admit(Batch(3, "buy")));
        Assert.NotNull(sequencer.Admit(Batch(4, "view", "click")));
    }

    public void Dispose() => dir.Dispose();

    private CounterStore OpenCounters(string name)
    {
        var counters = new CounterStore(
            new CounterOptions
            {
                Directory = dir.Combine(name),
                LogMemorySizeBytes = 1 << 24,
                PageSizeBytes = 1 << 20,
                IndexSizeBytes = 1 << 20,
                MaxEventTypesPerTenant = 2,
            },
            NullLogger<CounterStore>.Instance,
            new ManualTimeProvider());
        counters.Recover();
        return counters;
    }

    private static EventBatch Batch(int seed, params string[] types) =>
        new("acme", 1_000_000 + seed, [.. types.Select((type, i) => new TrackedEvent($"e{seed}-{i}", "u1", "i" + i, type, 5, 1_000_000 + i, []))]);
}
