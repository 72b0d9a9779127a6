using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// Ingest as the log's loop sees it: events stored (<c>neuron.ingest.events</c>), duplicates dropped
/// (<c>neuron.ingest.duplicates</c>), and per group commit its write-and-fsync latency
/// (<c>neuron.eventlog.flush.duration</c>) and size in batches (<c>neuron.eventlog.group.batches</c>).
/// </summary>
/// <remarks>
/// Fed by <c>IngestSequencer</c>, whose hooks run on the writer's single loop thread, so the group bookkeeping needs no
/// locks. The writer admits every batch of a group, writes and fsyncs the group, then reports each batch applied: the
/// first "applied" after a run of "admitted" closes a group, and the time since the last admission is the group's write
/// plus fsync (plus encoding that one batch). This needs no hook inside the event log.
/// </remarks>
internal sealed class IngestMetrics
{
    private readonly TenantLabels tenants;
    private readonly Counter<long> events;
    private readonly Counter<long> duplicates;
    private readonly Histogram<double> flushDuration;
    private readonly Histogram<int> groupBatches;
    private bool admitting;
    private int admittedBatches;
    private long lastAdmitted;

    public IngestMetrics(IMeterFactory meters, TenantLabels tenants)
    {
        this.tenants = tenants;
        var meter = meters.Create(EngineTelemetry.MeterName);
        events = meter.CreateCounter<long>("neuron.ingest.events", "{event}", "Events stored in the log and the counters, by tenant (duplicates excluded).");
        duplicates = meter.CreateCounter<long>("neuron.ingest.duplicates", "{event}", "Events dropped because their event_id was already stored, by tenant.");
        flushDuration = meter.CreateHistogram(
            "neuron.eventlog.flush.duration", "s", "Time to write one group commit and fsync it (per the durability policy).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Latency });
        groupBatches = meter.CreateHistogram(
            "neuron.eventlog.group.batches", "{batch}", "Batches (Track requests) written by one group commit.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [.. MetricBuckets.Count.Select(b => (int)b)] });
    }

    /// <summary>A batch was decided: <paramref name="kept"/> of its events will be written, <paramref name="dropped"/> were duplicates.</summary>
    public void Admitted(string tenant, int kept, int dropped)
    {
        if (!admitting)
        {
            admitting = true;
            admittedBatches = 0;
        }

        if (kept > 0)
        {
            admittedBatches++;
        }

        if (dropped > 0)
        {
            duplicates.Add(dropped, new KeyValuePair<string, object?>("tenant", tenants.For(tenant)));
        }

        lastAdmitted = Stopwatch.GetTimestamp();
    }

    /// <summary>A written batch of <paramref name="count"/> events reached the counters.</summary>
    public void Applied(string tenant, int count)
    {
        if (admitting)
        {
            admitting = false;
            flushDuration.Record(Stopwatch.GetElapsedTime(lastAdmitted).TotalSeconds);
            groupBatches.Record(admittedBatches);
        }

        events.Add(count, new KeyValuePair<string, object?>("tenant", tenants.For(tenant)));
    }

    /// <summary>The group was not written after all (its write or fsync failed and was rolled back).</summary>
    public void Aborted() => admitting = false;
}
