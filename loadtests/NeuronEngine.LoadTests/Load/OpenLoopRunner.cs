namespace NeuronEngine.LoadTests.Load;

/// <summary>
/// The open-loop timing loop: a dedicated thread walks the profile's schedule, sleeps until each arrival's intended
/// time and launches it without waiting for earlier ones. The request is handed its intended timestamp, so the
/// latency it records covers any wait the generator or the server imposed on it (no coordinated omission).
/// </summary>
/// <remarks>
/// Concurrency is bounded by <c>maxInFlight</c>: when every slot is taken the loop waits for one, the arrival keeps
/// its intended time, and <see cref="GeneratorStats"/> records the limit hit and the start lag. Arrivals still
/// waiting when the drain deadline (end of schedule + <c>drain</c>) passes are not sent and are reported as such.
/// </remarks>
internal sealed class OpenLoopRunner(LoadProfile profile, ILoadClock clock, int maxInFlight, TimeSpan drain)
{
    private readonly SemaphoreSlim slots = new(maxInFlight, maxInFlight);
    private int inFlight;

    /// <summary>Called for each arrival on the timing thread with its intended timestamp; must not block.</summary>
    public delegate Task Launch(ScheduledRequest request, long intendedTimestamp);

    /// <summary>Called on the timing thread for an arrival that was never sent, with its intended timestamp.</summary>
    public delegate void Abandon(ScheduledRequest request, long intendedTimestamp);

    public GeneratorStats Stats { get; } = new();

    /// <summary>The timestamp of the schedule's zero, once started.</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>The timestamp at which warm-up ends and recording starts.</summary>
    public long MeasureStartTimestamp => StartTimestamp + ToTicks(profile.Warmup);

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Runs the schedule on the calling thread, then waits for in-flight requests up to the drain deadline.</summary>
    public void Run(Launch launch, Abandon? abandon = null, long? startTimestamp = null, CancellationToken cancellationToken = default)
    {
        StartTimestamp = startTimestamp ?? clock.GetTimestamp();
        var deadline = StartTimestamp + ToTicks(profile.Total + drain);
        foreach (var request in profile.Schedule())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var intended = StartTimestamp + ToTicks(request.Offset);
            clock.SleepUntil(intended);
            var limitHit = !slots.Wait(0, CancellationToken.None);
            if (limitHit && !WaitForSlot(deadline))
            {
                if (request.Measured)
                {
                    Stats.OnNotSent();
                }

                abandon?.Invoke(request, intended);
                continue;
            }

            if (request.Measured)
            {
                Stats.OnSent(ToMs(clock.GetTimestamp() - intended), limitHit);
            }

            Interlocked.Increment(ref inFlight);
            _ = RunOne(launch, request, intended);
        }

        // Waiting for every slot means every launched request has finished.
        for (var taken = 0; taken < maxInFlight; taken++)
        {
            if (!WaitForSlot(deadline))
            {
                break;
            }
        }
    }

    /// <summary>Runs <see cref="Run"/> on a dedicated thread so its sleeps never hold a thread-pool thread.</summary>
    public Task RunOnThreadAsync(Launch launch, Abandon? abandon = null, long? startTimestamp = null, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(launch, abandon, startTimestamp, cancellationToken);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop timer",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private bool WaitForSlot(long deadline)
    {
        var remaining = deadline - clock.GetTimestamp();
        return remaining > 0 && slots.Wait(TimeSpan.FromSeconds((double)remaining / clock.Frequency));
    }

    private async Task RunOne(Launch launch, ScheduledRequest request, long intended)
    {
        try
        {
            await launch(request, intended).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The launch delegate records its own outcome; a throw here must not leak the slot.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            slots.Release();
        }
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * clock.Frequency);

    private double ToMs(long ticks) => ticks * 1000.0 / clock.Frequency;
}
