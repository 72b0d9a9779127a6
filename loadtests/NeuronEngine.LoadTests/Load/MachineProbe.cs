namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// The machine's own scheduling floor, measured beside every run: a thread that only sleeps, waking at a constant rate
/// on the same clock as the timing loops (an open-loop schedule whose arrivals do nothing), so its start lag is how
/// late the machine let a ready thread run — hypervisor stalls of the virtual CPUs, and the run queue the engine and
/// the generator keep busy. No request can be faster than its wake-ups, so a latency target below this floor cannot
/// be met on this machine, however fast the engine.
/// </summary>
internal static class MachineProbe
{
    public const string Name = "machine";

    public static OpenLoopRunner Create(double rate, TimeSpan measured, TimeSpan warmup, ILoadClock clock) =>
        new(LoadProfile.Constant(rate, measured, warmup), clock, maxInFlight: 1, drain: TimeSpan.Zero);

    /// <summary>The probe's arrivals: nothing to send.</summary>
    public static Task Nothing(ScheduledRequest request, long intended) => Task.CompletedTask;
}
