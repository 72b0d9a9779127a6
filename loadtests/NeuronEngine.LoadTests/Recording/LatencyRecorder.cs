using System.Collections.Concurrent;

namespace NeuronEngine.LoadTests.Recording;

/// <summary>
/// The run's recorder: one <see cref="SeriesRecorder"/> per series, latencies measured from the intended send
/// time and bucketed by the second the request was intended in (so a stall shows where it happened, not where
/// the backlog finally drained). Requests intended before the measurement start (warm-up) are dropped.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class LatencyRecorder(long frequency)
{
    private readonly ConcurrentDictionary<string, SeriesRecorder> series = new(StringComparer.Ordinal);
    private long measureStart = long.MaxValue;

    /// <summary>The timestamp from which requests count; until set, nothing is recorded.</summary>
    public long MeasureStart
    {
        get => Volatile.Read(ref measureStart);
        set => Volatile.Write(ref measureStart, value);
    }

    public long Frequency => frequency;

    /// <summary>Series in the order they were first recorded.</summary>
    public IReadOnlyList<SeriesRecorder> Series => [.. series.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public SeriesRecorder For(string name) => series.GetOrAdd(name, n => new SeriesRecorder(n));

    /// <summary>Records one request. <paramref name="error"/> null means success.</summary>
    /// <param name="name">The series.</param>
    /// <param name="phase">Optional phase (a step of the profile, hot-swap "steady"/"swap").</param>
    /// <param name="intended">When the request should have been sent (timestamp).</param>
    /// <param name="sent">When it actually was.</param>
    /// <param name="completed">When its answer (or failure) arrived.</param>
    /// <param name="error">The status name of a failure, or null.</param>
    public void Record(string name, string? phase, long intended, long sent, long completed, string? error)
    {
        var start = MeasureStart;
        if (intended < start)
        {
            return;
        }

        var second = (int)((intended - start) / frequency);
        For(name).Record(second, phase, ToMicros(completed - intended), ToMicros(completed - sent), error);
    }

    /// <summary>Seconds since the measurement start (negative during warm-up).</summary>
    public double SecondsSinceStart(long timestamp) => (double)(timestamp - MeasureStart) / frequency;

    private long ToMicros(long ticks) => ticks * 1_000_000 / frequency;
}
