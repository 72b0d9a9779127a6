using System.Diagnostics.Metrics;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// FASTER counters checkpoints: <c>neuron.checkpoint.duration</c> (each periodic checkpoint, ingest waits meanwhile),
/// <c>neuron.checkpoint.failures</c>, and <c>neuron.checkpoint.age</c> — seconds since the newest checkpoint this
/// engine took, or since it started when it has taken none yet.
/// </summary>
internal sealed class CheckpointMetrics
{
    private readonly TimeProvider time;
    private readonly Histogram<double> duration;
    private readonly Counter<long> failures;
    private long lastTicks;

    public CheckpointMetrics(IMeterFactory meters, TimeProvider time)
    {
        this.time = time;
        lastTicks = time.GetUtcNow().UtcTicks;
        var meter = meters.Create(EngineTelemetry.MeterName);
        duration = meter.CreateHistogram(
            "neuron.checkpoint.duration", "s", "Time of one counters checkpoint (FASTER snapshot, state file, marker).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Slow });
        failures = meter.CreateCounter<long>("neuron.checkpoint.failures", "{checkpoint}", "Periodic checkpoints that failed (retried at the next interval).");
        meter.CreateObservableGauge("neuron.checkpoint.age", Age, "s", "Seconds since the newest counters checkpoint (since start before the first).");
    }

    public void Taken(DateTimeOffset createdAt, TimeSpan took)
    {
        Interlocked.Exchange(ref lastTicks, createdAt.UtcTicks);
        duration.Record(took.TotalSeconds);
    }

    public void Failed() => failures.Add(1);

    private double Age() => Math.Max(0, (time.GetUtcNow().UtcTicks - Interlocked.Read(ref lastTicks)) / (double)TimeSpan.TicksPerSecond);
}
