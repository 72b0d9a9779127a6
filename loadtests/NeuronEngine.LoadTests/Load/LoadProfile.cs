using System.Globalization;

namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// A load simulation: warm-up, then a constant rate, a ramp or a staircase of steps. It yields every arrival's
/// intended send time up front, so the timing loop never decides "when" from how the server is doing.
/// </summary>
internal sealed class LoadProfile
{
    private LoadProfile(string kind, IReadOnlyList<LoadSegment> segments)
    {
        Kind = kind;
        Segments = segments;
    }

    /// <summary>constant, ramp or steps.</summary>
    public string Kind { get; }

    public IReadOnlyList<LoadSegment> Segments { get; }

    public TimeSpan Warmup => Segments.Where(s => !s.Measured).Aggregate(TimeSpan.Zero, (t, s) => t + s.Duration);

    public TimeSpan Total => Segments.Aggregate(TimeSpan.Zero, (t, s) => t + s.Duration);

    /// <summary>Arrivals of the measured segments.</summary>
    public long MeasuredArrivals => Schedule().LongCount(r => r.Measured);

    public static LoadProfile Constant(double rate, TimeSpan duration, TimeSpan warmup) =>
        new("constant", [.. WarmupAt(rate, warmup), new LoadSegment(Rps(rate), duration, rate, rate, Measured: true)]);

    /// <summary>From <paramref name="from"/> to <paramref name="to"/> requests/s over <paramref name="duration"/>; warm-up holds <paramref name="from"/>.</summary>
    public static LoadProfile Ramp(double from, double to, TimeSpan duration, TimeSpan warmup) =>
        new("ramp", [.. WarmupAt(from, warmup), new LoadSegment($"ramp {Rps(from)} to {Rps(to)}", duration, from, to, Measured: true)]);

    /// <summary>Each rate held for <paramref name="stepDuration"/>, in order; warm-up holds the first.</summary>
    public static LoadProfile Steps(IReadOnlyList<double> rates, TimeSpan stepDuration, TimeSpan warmup) =>
        new("steps", [.. WarmupAt(rates[0], warmup), .. rates.Select(r => new LoadSegment(Rps(r), stepDuration, r, r, Measured: true))]);

    /// <summary>Every arrival in order. Arrival i is intended at the moment the cumulative rate integral reaches i.</summary>
    public IEnumerable<ScheduledRequest> Schedule()
    {
        long index = 0;
        double before = 0;
        var start = TimeSpan.Zero;
        foreach (var segment in Segments)
        {
            var end = before + segment.Arrivals;
            for (; index < end - 1e-9; index++)
            {
                var seconds = segment.SecondsAt(index - before);
                yield return new ScheduledRequest(index, start + TimeSpan.FromSeconds(Math.Min(seconds, segment.Duration.TotalSeconds)), segment);
            }

            before = end;
            start += segment.Duration;
        }
    }

    private static IEnumerable<LoadSegment> WarmupAt(double rate, TimeSpan warmup) =>
        warmup > TimeSpan.Zero ? [new LoadSegment("warmup", warmup, rate, rate, Measured: false)] : [];

    private static string Rps(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture) + " rps";
}
