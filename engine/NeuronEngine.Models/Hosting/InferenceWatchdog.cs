namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Stops inferences that run past their deadline: one thread shared by every model, which wakes each <see cref="Period"/> and
/// sets <c>RunOptions.Terminate</c> on each buffer set whose run is overdue (ONNX Runtime checks the flag between nodes).
/// </summary>
/// <remarks>
/// The hot path pays two uncontended locks and one timestamp per run (<see cref="InferenceBuffers.StartDeadline"/>,
/// <see cref="InferenceBuffers.EndDeadline"/>), nothing allocated: no timer or registration per run. A run is stopped
/// between its deadline and one <see cref="Period"/> later. The sweep has a thread of its own, not a thread-pool timer:
/// runs block the threads that call them, so when every pool thread is inside a long run (exactly when overdue runs
/// pile up) a pool timer's callback would wait for the pool to grow, about one thread a second, and the runs it should
/// stop would finish first.
/// </remarks>
internal sealed class InferenceWatchdog : IDisposable
{
    private readonly List<InferenceBuffers> watched = [];
    private readonly TimeProvider time;
    private readonly ManualResetEventSlim stopping = new();
    private Thread? sweeper;
    private int disposed;

    public InferenceWatchdog(TimeSpan shortestTimeout, TimeProvider time)
    {
        this.time = time;
        Period = TimeSpan.FromTicks(Math.Clamp(shortestTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
    }

    /// <summary>How often overdue runs are looked for.</summary>
    public TimeSpan Period { get; }

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) <paramref name="timeoutTicks"/> from now.</summary>
    public long DeadlineAfter(long timeoutTicks) => time.GetTimestamp() + timeoutTicks;

    /// <summary><paramref name="timeout"/> in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long ToTimestampTicks(TimeSpan timeout) => (long)(timeout.TotalSeconds * time.TimestampFrequency);

    /// <summary>Watches <paramref name="buffers"/>' runs; the first call starts the sweeping thread (a loader that only checks artifacts needs none).</summary>
    public void Watch(InferenceBuffers buffers)
    {
        lock (watched)
        {
            watched.Add(buffers);
            if (sweeper is null && Volatile.Read(ref disposed) == 0)
            {
                sweeper = new Thread(SweepUntilStopped) { IsBackground = true, Name = "Inference watchdog" };
                sweeper.Start();
            }
        }
    }

    public void Forget(InferenceBuffers buffers)
    {
        lock (watched)
        {
            watched.Remove(buffers);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Thread? started;
        lock (watched)
        {
            started = sweeper;
        }

        stopping.Set();
        started?.Join();
        stopping.Dispose();
    }

    private void SweepUntilStopped()
    {
        while (!stopping.Wait(Period))
        {
            Sweep();
        }
    }

    private void Sweep()
    {
        var now = time.GetTimestamp();
        lock (watched)
        {
            foreach (var buffers in watched)
            {
                buffers.TerminateIfPast(now);
            }
        }
    }
}
