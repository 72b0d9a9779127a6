using System.Runtime.CompilerServices;
using NeuronEngine.Core;
using NeuronEngine.EventLog;

namespace NeuronEngine.Trainer.Datasets;

internal sealed partial class EventLogDatasetReader
{
    private async Task<(Dictionary<string, long> Counts, long EventsRead)> CountSignalsAsync(
        string tenant, FrozenTemplate template, LogPosition from, LogPosition to, CancellationToken cancellationToken)
    {
        var counts = template.Signals.ToDictionary(s => s.Type, _ => 0L, StringComparer.Ordinal);
        long read = 0;
        await foreach (var entry in WindowAsync(from, to, cancellationToken))
        {
            if (!string.Equals(entry.Batch.Tenant, tenant, StringComparison.Ordinal))
            {
                continue;
            }

            read += entry.Batch.Events.Length;
            foreach (var e in entry.Batch.Events)
            {
                if (InScope(e, template) && counts.TryGetValue(e.Type, out var n))
                {
                    counts[e.Type] = n + 1;
                }
            }
        }

        return (counts, read);
    }

    /// <summary>The tenant's events in the window that are of a template signal and pass its tag filter.</summary>
    private async IAsyncEnumerable<TrackedEvent> ScopedEventsAsync(
        string tenant, FrozenTemplate template, LogPosition from, LogPosition to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in WindowAsync(from, to, cancellationToken))
        {
            if (!string.Equals(entry.Batch.Tenant, tenant, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var e in entry.Batch.Events)
            {
                if (InScope(e, template))
                {
                    yield return e;
                }
            }
        }
    }

    private async IAsyncEnumerable<LogEntry> WindowAsync(LogPosition from, LogPosition to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var end = from;
        await foreach (var entry in log.ReadAsync(from, to, cancellationToken))
        {
            end = entry.Next;
            yield return entry;
        }

        // A window past the log's end would take in whatever is appended later, and a rebuild would differ.
        if (end != to)
        {
            throw NeuronException.FailedPrecondition(
                $"the event log holds whole records only up to position {end}, not up to the run's window end {to}");
        }
    }

    private static bool InScope(in TrackedEvent e, FrozenTemplate template) =>
        template.Find(e.Type) is not null && (template.TagFilter is null || Array.IndexOf(e.Tags, template.TagFilter) >= 0);
}
