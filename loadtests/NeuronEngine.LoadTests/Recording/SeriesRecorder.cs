using HdrHistogram;

namespace NeuronEngine.LoadTests.Recording;

/// <summary>
/// Everything recorded for one series (a scenario's operation, e.g. "recommend", "ping"): the whole-run latency
/// histogram, latency from the actual send, per-phase histograms, per-second buckets for the plot and the live
/// view, and errors by status. Values are microseconds.
/// </summary>
/// <remarks>Thread-safe: one lock per series; at the rates a 2-core machine reaches it is never contended long.</remarks>
internal sealed class SeriesRecorder(string name)
{
    /// <summary>Longest latency tracked (µs): ten minutes; anything longer is clamped.</summary>
    public const long HighestMicros = 600_000_000;

    private readonly Lock gate = new();
    private readonly LongHistogram latency = new(HighestMicros, 3);
    private readonly LongHistogram service = new(HighestMicros, 3);
    private readonly Dictionary<string, PhaseRecorder> phases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> errors = new(StringComparer.Ordinal);
    private readonly List<SecondBucket> seconds = [];

    public string Name => name;

    public void Record(int second, string? phase, long latencyMicros, long serviceMicros, string? error)
    {
        latencyMicros = Math.Clamp(latencyMicros, 0, HighestMicros);
        serviceMicros = Math.Clamp(serviceMicros, 0, HighestMicros);
        lock (gate)
        {
            while (seconds.Count <= second)
            {
                seconds.Add(new SecondBucket());
            }

            var bucket = seconds[Math.Max(0, second)];
            PhaseRecorder? phaseRecorder = null;
            if (phase is not null && !phases.TryGetValue(phase, out phaseRecorder))
            {
                phaseRecorder = new PhaseRecorder();
                phases.Add(phase, phaseRecorder);
            }

            if (error is null)
            {
                latency.RecordValue(latencyMicros);
                service.RecordValue(serviceMicros);
                bucket.Latency.RecordValue(latencyMicros);
                phaseRecorder?.Latency.RecordValue(latencyMicros);
            }
            else
            {
                errors[error] = errors.GetValueOrDefault(error) + 1;
                bucket.Errors++;
                if (phaseRecorder is not null)
                {
                    phaseRecorder.Errors++;
                }
            }

            bucket.Requests++;
            if (phaseRecorder is not null)
            {
                phaseRecorder.Requests++;
            }
        }
    }

    /// <summary>A consistent copy, for the report.</summary>
    public SeriesSnapshot Snapshot()
    {
        lock (gate)
        {
            return new SeriesSnapshot(
                name,
                latency.Copy(),
                service.Copy(),
                new Dictionary<string, long>(errors, StringComparer.Ordinal),
                phases.ToDictionary(p => p.Key, p => (p.Value.Requests, p.Value.Errors, p.Value.Latency.Copy()), StringComparer.Ordinal),
                [.. seconds.Select(b => (b.Requests, b.Errors, b.Latency.Copy()))]);
        }
    }

    /// <summary>Requests, errors and p99 (µs) of one second, for the live view; zeros when nothing was recorded.</summary>
    public (long Requests, long Errors, long P99Micros) Second(int second)
    {
        lock (gate)
        {
            if (second < 0 || second >= seconds.Count)
            {
                return (0, 0, 0);
            }

            var bucket = seconds[second];
            return (bucket.Requests, bucket.Errors, bucket.Latency.TotalCount == 0 ? 0 : bucket.Latency.GetValueAtPercentile(99));
        }
    }

    public long TotalErrors()
    {
        lock (gate)
        {
            return errors.Values.Sum();
        }
    }

    private sealed class PhaseRecorder
    {
        public LongHistogram Latency { get; } = new(HighestMicros, 3);

        public long Requests { get; set; }

        public long Errors { get; set; }
    }

    private sealed class SecondBucket
    {
        // Two significant digits: 1 % is plenty for a plot and keeps a long run's buckets small.
        public LongHistogram Latency { get; } = new(HighestMicros, 2);

        public long Requests { get; set; }

        public long Errors { get; set; }
    }
}
