namespace NeuronEngine.LoadTests.Load;

/// <summary>The timing loop's clock: monotonic timestamps and a blocking wait.</summary>
/// <remarks>
/// Not <see cref="TimeProvider"/>: the loop needs a blocking sleep with sub-millisecond resolution, which
/// TimeProvider does not offer, and the tests need virtual time that moves only when the loop sleeps.
/// </remarks>
internal interface ILoadClock
{
    /// <summary>Ticks per second of <see cref="GetTimestamp"/>.</summary>
    long Frequency { get; }

    long GetTimestamp();

    /// <summary>Blocks the calling thread until <paramref name="timestamp"/> (returns at once when it has passed).</summary>
    void SleepUntil(long timestamp);
}
