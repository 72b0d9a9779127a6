using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// <see cref="Stopwatch"/> time with a nanosleep-based wait on Linux. Thread.Sleep rounds to whole milliseconds,
/// which at 1,000 requests/s would add up to a millisecond of the generator's own lag to every measured latency;
/// spinning instead would steal a core from the engine on a shared machine.
/// </summary>
internal sealed partial class SystemLoadClock : ILoadClock
{
    public static readonly SystemLoadClock Instance = new();

    private static readonly bool HasNanosleep = OperatingSystem.IsLinux();

    public long Frequency => Stopwatch.Frequency;

    public long GetTimestamp() => Stopwatch.GetTimestamp();

    public void SleepUntil(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var nanoseconds = remaining * 1_000_000_000 / Stopwatch.Frequency;
            if (HasNanosleep)
            {
                var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
                _ = NanoSleep(ref request, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, nanoseconds / 1_000_000)));
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);
}
