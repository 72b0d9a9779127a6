using System.Runtime.InteropServices;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Runs heavy one-off work (loading a model: parsing, session creation, weight packing, warm-up) on its own thread at
/// a lower scheduling priority, so that on a busy machine it takes the CPU serving leaves over instead of stalling
/// every request for the few hundred milliseconds it needs (measured: p99 during hot swaps 10× the steady p99 on two
/// cores when the load ran at normal priority).
/// </summary>
internal static partial class BackgroundWork
{
    /// <summary>The nice value of the work's thread on Linux where SCHED_IDLE is refused (0 is normal, 19 the lowest).</summary>
    public const int Niceness = 10;

    /// <summary>Runs <paramref name="work"/> on a new background thread with a lowered priority and returns its result.</summary>
    public static Task<T> RunAsync<T>(string name, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerPriority();
            try
            {
                result.SetResult(work());
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return result.Task;
    }

    /// <summary>Linux's SCHED_IDLE policy: runs only when nothing of normal priority wants the core.</summary>
    private const int SchedIdle = 5;

    // .NET ignores Thread.Priority on Linux; a thread is a task there, and scheduling calls on its id change just it.
    // SCHED_IDLE first: a waking request thread preempts the work at once, where a nice value only shrinks its share
    // of a time slice the request may still have to wait out. A renice is the fallback where the policy is refused.
    private static void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            var tid = GetThreadId();
            var priority = 0;
            if (SetScheduler(tid, SchedIdle, ref priority) != 0)
            {
                _ = SetPriority(0, (uint)tid, Niceness);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the work runs at normal priority.
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SetScheduler(int pid, int policy, ref int priority);

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
