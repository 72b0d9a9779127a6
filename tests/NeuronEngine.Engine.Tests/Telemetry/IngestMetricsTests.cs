using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class IngestMetricsTests : IDisposable
{
    private readonly MeasurementRecorder recorder = new();
    private readonly IngestMetrics metrics;

    public IngestMetricsTests() => metrics = new IngestMetrics(recorder.Meters, new TenantLabels(1));

    [Fact]
    public void Applied_AfterAGroupOfAdmissions_OneGroupOfThatManyBatchesAndEventsByTenant()
    {
        metrics.Admitted("a", kept: 2, dropped: 0);
        metrics.Admitted("a", kept: 3, dropped: 1);
        metrics.Admitted("b", kept: 1, dropped: 0);
        metrics.Applied("a", 2);
        metrics.Applied("a", 3);
        metrics.Applied("b", 1);

        Assert.Equal([3.0], recorder.Of("neuron.eventlog.group.batches").Select(m => m.Value));
        Assert.Single(recorder.Of("neuron.eventlog.flush.duration"));
        var events = recorder.Of("neuron.ingest.events");
        Assert.Equal(5, events.Where(m => Equals(m.Tags["tenant"], "a")).Sum(m => m.Value));
        Assert.Equal(1, events.Where(m => Equals(m.Tags["tenant"], TenantLabels.Other)).Sum(m => m.Value));
        Assert.Equal([1.0], recorder.Of("neuron.ingest.duplicates").Select(m => m.Value));
    }

    [Fact]
    public void Admitted_AllDuplicates_CountsDuplicatesButNoBatch()
    {
        metrics.Admitted("a", kept: 0, dropped: 4);
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Applied("a", 1);

        Assert.Equal([1.0], recorder.Of("neuron.eventlog.group.batches").Select(m => m.Value));
        Assert.Equal(4, recorder.Of("neuron.ingest.duplicates").Sum(m => m.Value));
    }

    [Fact]
    public void Aborted_GroupNotWritten_NextGroupCountsOnlyItsOwnBatches()
    {
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Aborted();
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Applied("a", 1);

        Assert.Equal([1.0], recorder.Of("neuron.eventlog.group.batches").Select(m => m.Value));
    }

    [Fact]
    public void Applied_TwoGroups_EachTimedOnce()
    {
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Applied("a", 1);
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Admitted("a", kept: 1, dropped: 0);
        metrics.Applied("a", 1);
        metrics.Applied("a", 1);

        Assert.Equal([1.0, 2.0], recorder.Of("neuron.eventlog.group.batches").Select(m => m.Value));
        Assert.Equal(2, recorder.Of("neuron.eventlog.flush.duration").Count);
    }

    public void Dispose() => recorder.Dispose();
}
