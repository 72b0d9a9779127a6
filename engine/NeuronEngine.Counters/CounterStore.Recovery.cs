using NeuronEngine.Core;
using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.Counters.State;
using NeuronEngine.Counters.Storage;
using NeuronEngine.EventLog;
using System.Collections.Concurrent;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>
    /// Opens the store from the newest complete, readable checkpoint and returns the log position it covers:
    /// the caller replays the event log from there. A checkpoint that fails to load is logged and the next
    /// older one tried; when none loads (or none exists) the directory is cleared, the store starts empty
    /// and <see cref="LogPosition.Start"/> is returned, meaning "rebuild from the whole log". Call once, first.
    /// </summary>
    /// <remarks>
    /// FASTER recovers the newest version a base snapshot's delta log holds, so before recovering a checkpoint
    /// the delta log is cut back to the length its marker recorded: deltas of newer checkpoints (which have
    /// already failed to load, being tried first) or of one that crashed before its marker are dropped.
    /// FASTER's version after recovery must equal the marker's, or the checkpoint counts as unreadable.
    /// The next checkpoint after recovery is a full one, starting a new chain.
    /// </remarks>
    public LogPosition Recover()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (this.store is not null)
        {
            NeuronException.ThrowFailedPrecondition("the counter store is already open");
        }

        Directory.CreateDirectory(files.Root);
        chain = null;
        RecoveredCheckpoint = null;
        var (valid, unreadable) = ReadMarkers(log: true);
        lastSequence = valid.Count == 0 ? 0 : valid.Max(m => m.Marker.Sequence);
        foreach (var (path, marker) in valid.OrderByDescending(m => m.Marker.Sequence))
        {
            FasterStore? store = null;
            try
            {
                var tenants = LoadState(marker);
                FasterStore.TruncateDeltaLog(files.Root, marker.LogToken, marker.DeltaBytes);
                store = FasterStore.Open(options, files.Root);
                store.Kv.Recover(marker.IndexToken, marker.LogToken);
                if (marker.Version != 0 && store.Kv.CurrentVersion != marker.Version)
                {
                    // The delta log is shorter than recorded (lost or damaged): FASTER recovered an older version.
                    throw new InvalidDataException($"FASTER recovered version {store.Kv.CurrentVersion}, the marker records {marker.Version}");
                }

                RebuildPopular(store, tenants);
                this.tenants = new ConcurrentDictionary<string, TenantState>(tenants.Select(t => KeyValuePair.Create(t.Name, t)), StringComparer.Ordinal);
                this.store = store;
                Volatile.Write(ref appliedOffset, marker.LogPosition);
                streamCursors = marker.Streams is null ? new(StringComparer.Ordinal) : new(marker.Streams, StringComparer.Ordinal);
                RecoveredCheckpoint = new CheckpointInfo(marker.Token, new LogPosition(marker.LogPosition), marker.Sequence, marker.CreatedAt);
                Log.Recovered(logger, marker.Token, marker.Sequence, marker.LogPosition);
                return new LogPosition(marker.LogPosition);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                store?.Dispose();
                Log.CheckpointUnreadable(logger, path, ex);
            }
        }

        if (valid.Count == 0 && unreadable.Count == 0)
        {
            Log.NoCheckpoint(logger, files.Root);
        }
        else
        {
            Log.NoReadableCheckpoint(logger, files.Root);
        }

        StartEmpty();
        return LogPosition.Start;
    }

    /// <summary>
    /// Discards every counter, history and checkpoint, in memory and on disk, and starts empty at
    /// <see cref="LogPosition.Start"/>: for when the recovered checkpoint covers more than the event log holds,
    /// so the view must be rebuilt from the log alone. Writer side; call after <see cref="Recover"/>, with no reader running.
    /// </summary>
    public void Reset()
    {
        _ = Store;
        store!.Dispose();
        store = null;
        StartEmpty();
    }

    // Leftover FASTER files belong to no usable checkpoint; the view is rebuilt from the event log.
    private void StartEmpty()
    {
        foreach (var sub in new[] { "hlog", "faster", "meta" })
        {
            var path = Path.Combine(files.Root, sub);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        tenants = new ConcurrentDictionary<string, TenantState>(StringComparer.Ordinal);
        chain = null;
        store = FasterStore.Open(options, files.Root);
        Volatile.Write(ref appliedOffset, 0);
        streamCursors = new(StringComparer.Ordinal);
    }

    private List<TenantState> LoadState(CheckpointMarker marker)
    {
        var path = files.StatePath(marker.StateFile);
        var (bytes, sha256) = CheckpointFiles.Fingerprint(path);
        if (bytes != marker.StateBytes || !string.Equals(sha256, marker.StateSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"state file {marker.StateFile} does not match its marker");
        }

        using var stream = File.OpenRead(path);
        return StateFile.Read(stream, options.PopularK);
    }

    // Every item has a counter in FASTER; a missing one means the two halves of the checkpoint disagree.
    private static void RebuildPopular(FasterStore store, List<TenantState> tenants)
    {
        foreach (var tenant in tenants)
        {
            for (var ordinal = 0; ordinal < tenant.Items.Count; ordinal++)
            {
                var output = default(CounterOutput);
                if (!ReadItem(store.Writer, tenant.Name, ordinal, ref output))
                {
                    throw new InvalidDataException($"tenant {tenant.Name} item {ordinal} has no counter in the FASTER checkpoint");
                }

                tenant.Popular.Update(ordinal, output.First, output.Second);
            }
        }
    }
}
