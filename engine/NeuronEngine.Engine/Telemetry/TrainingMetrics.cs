using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// Training runs as the engine sees them: <c>neuron.training.runs</c> (runs that reached a final status, by tenant and
/// status) and <c>neuron.training.epoch.duration</c> (time between a run's epoch reports; the first epoch counts from
/// the lease, so it includes building the dataset).
/// </summary>
internal sealed class TrainingMetrics
{
    private readonly ConcurrentDictionary<string, long> lastMark = new(StringComparer.Ordinal);
    private readonly TenantLabels tenants;
    private readonly TimeProvider time;
    private readonly Counter<long> runs;
    private readonly Histogram<double> epochDuration;

    public TrainingMetrics(IMeterFactory meters, TenantLabels tenants, TimeProvider time)
    {
        this.tenants = tenants;
        this.time = time;
        var meter = meters.Create(EngineTelemetry.MeterName);
        runs = meter.CreateCounter<long>("neuron.training.runs", "{run}", "Training runs that ended, by tenant and final status.");
        epochDuration = meter.CreateHistogram(
            "neuron.training.epoch.duration", "s", "Time of one training epoch, from the trainer's epoch reports.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Slow });
    }

    /// <summary>The lower-case label of a status: succeeded, early_stopped, failed, stopped.</summary>
    public static string StatusLabel(RunStatus status) => status switch
    {
        RunStatus.Queued => "queued",
        RunStatus.Running => "running",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Stopped => "stopped",
        RunStatus.EarlyStopped => "early_stopped",
        _ => "unknown",
    };

    public void Leased(string runId) => lastMark[runId] = time.GetUtcNow().UtcTicks;

    public void EpochReported(string runId)
    {
        var now = time.GetUtcNow().UtcTicks;
        if (lastMark.TryGetValue(runId, out var previous))
        {
            epochDuration.Record(Math.Max(0, now - previous) / (double)TimeSpan.TicksPerSecond);
        }

        lastMark[runId] = now;
    }

    /// <summary>The run reached its final status (count it once: callers report only the transition they made).</summary>
    public void Finished(TrainingRun run) => Finished(run.Tenant, run.RunId, run.Status);

    /// <inheritdoc cref="Finished(TrainingRun)"/>
    public void Finished(string tenant, string runId, RunStatus status)
    {
        lastMark.TryRemove(runId, out _);
        runs.Add(1, new KeyValuePair<string, object?>("tenant", tenants.For(tenant)), new KeyValuePair<string, object?>("status", StatusLabel(status)));
    }
}
