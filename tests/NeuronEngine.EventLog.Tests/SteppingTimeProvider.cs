namespace NeuronEngine.EventLog.Tests;

/// <summary>A clock whose timestamps (what the writer measures intervals with) move only when the test says so.</summary>
internal sealed class SteppingTimeProvider : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
