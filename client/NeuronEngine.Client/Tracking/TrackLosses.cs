using System.Globalization;
using System.Text;
using Grpc.Core;

namespace NeuronEngine.Client.Tracking;

/// <summary>
/// The batches a tracker gave up on that no <see cref="EventTracker.BatchFailed"/> handler took, kept until
/// <see cref="EventTracker.FlushAsync"/> or <see cref="EventTracker.DisposeAsync"/> reports them in one exception.
/// </summary>
/// <remarks>
/// Thread-safe: the tracker's loop adds, callers of Flush and Dispose take. The events themselves are kept up to
/// <paramref name="keptEvents"/> (an application that never flushes must not grow without bound); the counts and the
/// first message of each status are kept for every batch.
/// </remarks>
internal sealed class TrackLosses(int keptEvents)
{
    /// <summary>Longest first message quoted per status; transport errors can run to several nested exceptions.</summary>
    private const int MaxQuoted = 300;

    private readonly Lock gate = new();
    private readonly List<TrackFailedEventArgs> kept = [];
    private readonly List<(StatusCode Status, int Batches, long Events, string First)> byStatus = [];
    private long keptCount;
    private long events;

    /// <summary>Records a lost batch.</summary>
    public void Add(TrackFailedEventArgs batch)
    {
        lock (gate)
        {
            if (kept.Count == 0 || keptCount + batch.Events.Count <= keptEvents)
            {
                kept.Add(batch);
                keptCount += batch.Events.Count;
            }

            events += batch.Events.Count;
            var status = batch.Error.StatusCode;
            var at = byStatus.FindIndex(s => s.Status == status);
            if (at < 0)
            {
                byStatus.Add((status, 1, batch.Events.Count, batch.Error.Detail));
            }
            else
            {
                var (_, batches, count, first) = byStatus[at];
                byStatus[at] = (status, batches + 1, count + batch.Events.Count, first);
            }
        }
    }

    /// <summary>One exception for every batch recorded since the last call, or null when none was; starts afresh.</summary>
    public NeuronClientException? Take()
    {
        lock (gate)
        {
            if (byStatus.Count == 0)
            {
                return null;
            }

            var batches = byStatus.Sum(s => s.Batches);
            var summary = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"{Count(events, "tracked event")} in {Count(batches, "batch", "batches")} not stored"));
            foreach (var (status, statusBatches, statusEvents, first) in byStatus)
            {
                summary.Append(CultureInfo.InvariantCulture,
                    $"; {status}: {Count(statusBatches, "batch", "batches")} ({Count(statusEvents, "event")}), first: {Quote(first)}");
            }

            var error = new NeuronClientException(kept[0].Error.StatusCode, summary.ToString(), [.. kept], events, kept[0].Error);
            kept.Clear();
            byStatus.Clear();
            keptCount = 0;
            events = 0;
            return error;
        }
    }

    private static string Count(long n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");

    private static string Quote(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= MaxQuoted ? line : string.Concat(line.AsSpan(0, MaxQuoted), "…");
    }
}
