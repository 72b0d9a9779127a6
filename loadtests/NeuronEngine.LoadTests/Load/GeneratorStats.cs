namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// How well the generator kept its own schedule, over measured arrivals: a generator that cannot keep the rate
/// says so here instead of quietly sending less.
/// </summary>
/// <remarks>Written by the timing thread only; read after the run (or roughly, by the live view).</remarks>
internal sealed class GeneratorStats
{
    /// <summary>A start this much after its intended time counts as late (ms).</summary>
    public const double LateThresholdMs = 2.0;

    private readonly HdrHistogram.LongHistogram lagMicros = new(60_000_000, 3);

    public long Intended { get; private set; }

    public long Sent { get; private set; }

    /// <summary>Arrivals never sent: the in-flight limit stayed full past the run's end.</summary>
    public long NotSent { get; private set; }

    public long LateStarts { get; private set; }

    /// <summary>Sends that first found every in-flight slot taken.</summary>
    public long LimitHits { get; private set; }

    public double MaxStartLagMs { get; private set; }

    public double StartLagP99Ms => lagMicros.TotalCount == 0 ? 0 : lagMicros.GetValueAtPercentile(99) / 1000.0;

    public double StartLagP50Ms => lagMicros.TotalCount == 0 ? 0 : lagMicros.GetValueAtPercentile(50) / 1000.0;

    public double StartLagP999Ms => lagMicros.TotalCount == 0 ? 0 : lagMicros.GetValueAtPercentile(99.9) / 1000.0;

    /// <summary>Measured arrivals that started more than <paramref name="ms"/> after their intended time.</summary>
    public long StartsLaterThan(double ms)
    {
        var micros = (long)(ms * 1000);
        return lagMicros.RecordedValues().Where(v => lagMicros.LowestEquivalentValue(v.ValueIteratedTo) > micros).Sum(v => v.CountAddedInThisIterationStep);
    }

    /// <summary>True when the generator, not the server, shaped the load: late starts, limit hits or unsent arrivals.</summary>
    public bool FellBehind => NotSent > 0 || LimitHits > 0 || LateStarts > Math.Max(1, Intended / 100);

    public void OnSent(double lagMs, bool limitHit)
    {
        Intended++;
        Sent++;
        LateStarts += lagMs > LateThresholdMs ? 1 : 0;
        LimitHits += limitHit ? 1 : 0;
        MaxStartLagMs = Math.Max(MaxStartLagMs, lagMs);
        lagMicros.RecordValue(Math.Clamp((long)(lagMs * 1000), 0, lagMicros.HighestTrackableValue));
    }

    public void OnNotSent()
    {
        Intended++;
        NotSent++;
    }

    public string Verdict() => FellBehind
        ? $"the generator fell behind: intended {Intended}, sent {Sent}, not sent {NotSent}, late starts {LateStarts} (> {LateThresholdMs} ms), in-flight limit hit {LimitHits} times, max start lag {MaxStartLagMs:F1} ms"
        : $"kept the schedule: intended {Intended}, sent {Sent}, late starts {LateStarts}, max start lag {MaxStartLagMs:F1} ms";
}
