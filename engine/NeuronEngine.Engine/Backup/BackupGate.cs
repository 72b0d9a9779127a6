using System.Globalization;
using NeuronEngine.Core;
using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Backup;

/// <summary>
/// Admits backups: one at a time, and a new one only once <see cref="LimitsOptions.BackupMinInterval"/> has passed since
/// the last admitted one started (whatever its outcome: a failed backup cost the copying too). Anything else is
/// RESOURCE_EXHAUSTED at once, naming why; nothing queues behind a running backup.
/// </summary>
/// <remarks>Thread-safe: the check and the claim happen under one lock.</remarks>
internal sealed class BackupGate(TimeSpan minInterval, TimeProvider time)
{
    private readonly Lock sync = new();
    private bool running;
    private DateTimeOffset? lastStarted;

    /// <summary>Claims the right to back up now; dispose the result when the backup ends, however it ends.</summary>
    public IDisposable Enter()
    {
        lock (sync)
        {
            if (running)
            {
                throw NeuronException.ResourceExhausted("another backup is running (backups run one at a time); retry when it has finished");
            }

            var now = time.GetUtcNow();
            if (lastStarted is { } last && now - last < minInterval)
            {
                throw NeuronException.ResourceExhausted(string.Create(CultureInfo.InvariantCulture,
                    $"{LimitsOptions.Key(nameof(LimitsOptions.BackupMinInterval))} ({minInterval}) has not passed since the last backup started at {last:yyyy-MM-ddTHH:mm:ssZ}; retry after {last + minInterval:yyyy-MM-ddTHH:mm:ssZ}"));
            }

            running = true;
            lastStarted = now;
        }

        return new Exit(this);
    }

    private void Leave()
    {
        lock (sync)
        {
            running = false;
        }
    }

    private sealed class Exit(BackupGate gate) : IDisposable
    {
        private BackupGate? owner = gate;

        public void Dispose() => Interlocked.Exchange(ref owner, null)?.Leave();
    }
}
