namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// One stretch of a load profile: the arrival rate moves linearly from <see cref="StartRate"/> to
/// <see cref="EndRate"/> (requests/s) over <see cref="Duration"/>. A constant rate has both equal.
/// </summary>
/// <param name="Name">The phase name reported for requests intended in this stretch ("warmup", "1000 rps", …).</param>
/// <param name="Measured">False for warm-up: requests are sent but not recorded.</param>
internal sealed record LoadSegment(string Name, TimeSpan Duration, double StartRate, double EndRate, bool Measured)
{
    /// <summary>Arrivals the segment holds: the area under its rate line.</summary>
    public double Arrivals => (StartRate + EndRate) / 2 * Duration.TotalSeconds;

    /// <summary>Seconds into the segment at which <paramref name="arrivals"/> arrivals have accumulated.</summary>
    /// <remarks>The cumulative count is r0·t + (r1 − r0)·t²/(2D); this inverts it.</remarks>
    public double SecondsAt(double arrivals)
    {
        var seconds = Duration.TotalSeconds;
        var slope = (EndRate - StartRate) / seconds;
        if (Math.Abs(slope) < 1e-12)
        {
            return arrivals / StartRate;
        }

        var a = slope / 2;
        var disc = (StartRate * StartRate) + (4 * a * arrivals);
        return (-StartRate + Math.Sqrt(Math.Max(0, disc))) / (2 * a);
    }
}
