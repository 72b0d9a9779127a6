using System.Runtime.InteropServices;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Gives a retired model's memory back to the operating system. Its item table and buffers are large-object-heap
/// arrays that only a full collection frees, and its ONNX Runtime session's native memory goes back to the C allocator,
/// which keeps freed pages unless asked to trim. Without this, resident memory climbs with every hot swap although
/// nothing is leaked (measured: +50 % over 12 swaps of a 100k × 64 model).
/// </summary>
internal static partial class MemoryReclaimer
{
    private static int pending;

    /// <summary>Schedules one reclaim on the thread pool (coalescing requests that arrive while one is queued).</summary>
    public static void Schedule()
    {
        if (Interlocked.Exchange(ref pending, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Reclaim(), null);
        }
    }

    private static void Reclaim()
    {
        Volatile.Write(ref pending, 0);

        // A background full collection: request threads keep running while it marks.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64)
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
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
