using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Tests.Fixtures;

/// <summary>Time in microseconds that moves only when the timing loop sleeps or a test advances it.</summary>
internal sealed class VirtualClock : ILoadClock
{
    private long now;

    public long Frequency => 1_000_000;

    public long GetTimestamp() => Interlocked.Read(ref now);

    public void SleepUntil(long timestamp)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref now);
        }
        while (timestamp > current && Interlocked.CompareExchange(ref now, timestamp, current) != current);
    }

    public void Advance(TimeSpan by) => Interlocked.Add(ref now, (long)(by.TotalSeconds * Frequency));
}
