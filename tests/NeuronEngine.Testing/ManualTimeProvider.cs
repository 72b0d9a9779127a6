namespace NeuronEngine.Testing;

/// <summary>A clock that moves only when the test says so; its timers fire as <see cref="Advance"/> passes their time.</summary>
/// <remarks>
/// A timer's callback runs on the thread that calls <see cref="Advance"/>, with the clock set to the time it was due.
/// Work a callback only signals (a <see cref="PeriodicTimer"/> tick, a <c>Task.Delay</c>) continues on the thread pool,
/// so a test waits for its effect rather than assuming it happened when <see cref="Advance"/> returns.
/// </remarks>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>
    /// Timers armed now. A service whose timer is made off the test's thread (a <c>BackgroundService</c> starts its loop
    /// on the thread pool) has none until it runs: wait for it before <see cref="Advance"/>, or its ticks are missed.
    /// </summary>
    public int ArmedTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves the clock forward, firing each timer due on the way in time order (a periodic one once per period).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + by;
        }

        while (NextDue(target) is { } due)
        {
            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The earliest timer due by <paramref name="target"/>, with the clock moved to its time; null once none is.</summary>
    private ManualTimer? NextDue(DateTimeOffset target)
    {
        lock (gate)
        {
            ManualTimer? first = null;
            foreach (var timer in timers)
            {
                if (timer.Due <= target && (first is null || timer.Due < first.Due))
                {
                    first = timer;
                }
            }

            if (first is null)
            {
                if (target > now)
                {
                    now = target;
                }

                return null;
            }

            if (first.Due > now)
            {
                now = first.Due;
            }

            if (first.Period > TimeSpan.Zero)
            {
                first.Due += first.Period;
            }
            else
            {
                timers.Remove(first);
            }

            return first;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Due = clock.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                clock.timers.Add(this);
            }

            if (dueTime == TimeSpan.Zero)
            {
                clock.Advance(TimeSpan.Zero);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
