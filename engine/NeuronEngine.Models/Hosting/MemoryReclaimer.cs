using System.Runtime.InteropServices;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Gives a retired model's native memory back to the operating system: its ONNX Runtime session's memory goes back to
/// the C allocator, which keeps freed pages unless asked to trim. Without this, resident memory climbs with every hot
/// swap although nothing is leaked (measured: +50 % over 10 swaps of a 100k × 64 model). Its managed arrays (large
/// object heap) are freed by a background full collection started here, so memory settles at once instead of at the
/// collector's next budget. Both run from a niced thread; measured, they cost serving nothing visible.
/// </summary>
internal static partial class MemoryReclaimer
{
    private static int pending;

    /// <summary>Schedules one trim on a low-priority thread (coalescing requests that arrive while one is pending).</summary>
    public static void Schedule()
    {
        if (Interlocked.Exchange(ref pending, 1) == 0)
        {
            _ = BackgroundWork.RunAsync("reclaim memory", Reclaim);
        }
    }

    private static bool Reclaim()
    {
        Volatile.Write(ref pending, 0);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl, say): nothing to trim.
            }
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
