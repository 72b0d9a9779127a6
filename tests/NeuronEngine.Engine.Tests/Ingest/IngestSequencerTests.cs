using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Counters;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Ingest;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Ingest;

public sealed class IngestSequencerTests : IDisposable
{
    private readonly TempDirectory dir = new("sequencer");
    private readonly CounterStore counters;
    private readonly IngestSequencer sequencer;
    private long position;

    public IngestSequencerTests()
    {
        counters = new CounterStore(new CounterOptions { Directory = dir.Combine("counters"), LogMemorySizeBytes = 1 << 24, PageSizeBytes = 1 << 20, IndexSizeBytes = 1 << 20 },
            NullLogger<CounterStore>.Instance, new ManualTimeProvider());
        counters.Recover();
        sequencer = new IngestSequencer(counters);
    }

    private static EventBatch Batch(string tenant, params string?[] ids) =>
        new(tenant, 1_000_000, [.. ids.Select((id, i) => new TrackedEvent(id, "u1", "i" + i, "click", 5, 1_000_000, []))]);

    private void Apply(EventBatch? admitted)
    {
        if (admitted is not null)
        {
            var start = new LogPosition(position);
            position += 100;
            sequencer.Applied(admitted, start, new LogPosition(position));
        }
    }

    [Fact]
    public void Admit_NoDuplicates_SameInstance()
    {
        var batch = Batch("a", "e1", null, "e2");
        Assert.Same(batch, sequencer.Admit(batch));
    }

    [Fact]
    public void Admit_IdAlreadyApplied_Dropped()
    {
        Apply(sequencer.Admit(Batch("a", "e1", "e2")));
        var admitted = sequencer.Admit(Batch("a", "e2", "e3", null));
        Assert.NotNull(admitted);
        Assert.Equal(["e3", null], admitted.Events.Select(e => e.EventId));
    }

    [Fact]
    public void Admit_IdPendingInSameGroup_DroppedUntilAbortedThenAdmitted()
    {
        var first = sequencer.Admit(Batch("a", "e1"));
        Assert.Null(sequencer.Admit(Batch("a", "e1")));

        // The group holding the first copy failed to write: the id is free again.
        sequencer.Aborted([first!]);
        Assert.NotNull(sequencer.Admit(Batch("a", "e1")));
    }

    [Fact]
    public void Admit_DuplicateWithinOneBatch_KeepsFirst()
    {
        var admitted = sequencer.Admit(Batch("a", "e1", "e1", "e2", "e1"));
        Assert.Equal(["e1", "e2"], admitted!.Events.Select(e => e.EventId));
        Assert.Equal(["i0", "i2"], admitted.Events.Select(e => e.ItemId));
    }

    [Fact]
    public void Admit_SameIdOtherTenant_Admitted()
    {
        Apply(sequencer.Admit(Batch("a", "e1")));
        Assert.NotNull(sequencer.Admit(Batch("b", "e1")));
    }

    [Fact]
    public void Applied_UpdatesCountersAtOnce()
    {
        Apply(sequencer.Admit(Batch("a", "e1", "e2", null)));
        Assert.Equal(3, counters.GetStats("a").TotalEvents);
        Assert.Equal(3, counters.GetHistory("a", "u1").Count);
        Assert.Equal(new LogPosition(100), counters.AppliedPosition);
    }

    public void Dispose()
    {
        counters.Dispose();
        dir.Dispose();
    }
}
