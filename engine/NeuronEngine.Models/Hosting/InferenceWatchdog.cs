namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Stops inferences that run past their deadline: one periodic timer for every model, which sets
/// <c>RunOptions.Terminate</c> on each buffer set whose run is overdue (ONNX Runtime checks the flag between nodes).
/// </summary>
/// <remarks>
/// The hot path pays two uncontended locks and one timestamp per run (<see cref="InferenceBuffers.StartDeadline"/>,
/// <see cref="InferenceBuffers.EndDeadline"/>), nothing allocated: no timer or registration per run. A run is stopped
/// between its deadline and one <see cref="Period"/> later.
/// </remarks>
internal sealed class InferenceWatchdog : IDisposable
{
    private readonly List<InferenceBuffers> watched = [];
    private readonly TimeProvider time;
    private readonly ITimer timer;

    public InferenceWatchdog(TimeSpan shortestTimeout, TimeProvider time)
    {
        this.time = time;
        Period = TimeSpan.FromTicks(Math.Clamp(shortestTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        timer = time.CreateTimer(static state => ((InferenceWatchdog)state!).Sweep(), this, Period, Period);
    }

    /// <summary>How often overdue runs are looked for.</summary>
    public TimeSpan Period { get; }

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) <paramref name="timeoutTicks"/> from now.</summary>
    public long DeadlineAfter(long timeoutTicks) => time.GetTimestamp() + timeoutTicks;

    /// <summary><paramref name="timeout"/> in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long ToTimestampTicks(TimeSpan timeout) => (long)(timeout.TotalSeconds * time.TimestampFrequency);

    public void Watch(InferenceBuffers buffers)
    {
        lock (watched)
        {
            watched.Add(buffers);
        }
    }

    public void Forget(InferenceBuffers buffers)
    {
        lock (watched)
        {
            watched.Remove(buffers);
        }
    }

    public void Dispose() => timer.Dispose();

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
