using FASTER.core;
using NeuronEngine.Core;
using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.Counters.Storage;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>
    /// Takes a checkpoint covering <see cref="AppliedPosition"/>, then deletes all but the newest
    /// <see cref="CounterOptions.CheckpointsToKeep"/>. The caller guarantees no <see cref="Apply"/> or
    /// <see cref="IsDuplicate"/> runs until it completes; readers may continue.
    /// </summary>
    /// <remarks>
    /// Order of writes: FASTER's index and log snapshot, then the state file (ordinal maps and aggregates),
    /// then the marker <c>meta/&lt;token&gt;.json</c>. Each file is written to a temp name, flushed and renamed,
    /// so a crash at any point leaves either a complete checkpoint or one without a marker, which recovery ignores.
    /// </remarks>
    public async Task<CheckpointInfo> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        var store = Store;
        var position = AppliedPosition;

        // Snapshot rather than fold-over: fold-over would make every record read-only, so the next update of
        // each history would copy it to the log tail; a snapshot keeps in-place updates in the mutable region.
        var (success, token) = await store.Kv.TakeFullCheckpointAsync(CheckpointType.Snapshot, cancellationToken).ConfigureAwait(false);
        if (!success)
        {
            NeuronException.ThrowFailedPrecondition("FASTER did not start the checkpoint: another one is in progress");
        }

        Directory.CreateDirectory(_files.MetaDirectory);
        var stateFile = CheckpointFiles.StateFileName(token);
        var statePath = _files.StatePath(stateFile);
        var tenants = _tenants.Values.ToList();
        CheckpointFiles.WriteAtomically(statePath, stream => StateFile.Write(stream, tenants));
        var (bytes, sha256) = CheckpointFiles.Fingerprint(statePath);

        var marker = new CheckpointMarker(CheckpointMarker.CurrentFormat, token, _lastSequence + 1, position.Offset, _time.GetUtcNow(), stateFile, bytes, sha256);
        _files.WriteMarker(marker);
        _lastSequence = marker.Sequence;
        Log.CheckpointTaken(_logger, token, marker.Sequence, position.Offset);

        DeleteOldCheckpoints(store);
        return new CheckpointInfo(token, position, marker.Sequence, marker.CreatedAt);
    }

    /// <summary>Keeps the newest complete checkpoints and deletes the rest, including FASTER checkpoints that never got a marker.</summary>
    private void DeleteOldCheckpoints(FasterStore store)
    {
        var (valid, unreadable) = ReadMarkers(log: false);
        var markers = valid.OrderByDescending(m => m.Marker.Sequence).ToList();
        var keep = markers.Take(_options.CheckpointsToKeep).Select(m => m.Marker.Token).ToHashSet();

        // Recovery already reported these; they can never be used, so stop tripping over them.
        foreach (var path in unreadable)
        {
            TryDelete(Guid.Empty, () => File.Delete(path));
        }

        foreach (var (path, marker) in markers.Skip(_options.CheckpointsToKeep))
        {
            TryDelete(marker.Token, () =>
            {
                File.Delete(path);
                File.Delete(_files.StatePath(marker.StateFile));
            });
        }

        foreach (var token in store.CheckpointManager.GetLogCheckpointTokens().Concat(store.CheckpointManager.GetIndexCheckpointTokens()).Distinct().ToList())
        {
            if (!keep.Contains(token))
            {
                TryDelete(token, () => store.CheckpointManager.Purge(token));
            }
        }
    }

    private void TryDelete(Guid token, Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CheckpointDeleteFailed(_logger, token, ex);
        }
    }

    /// <summary>All markers: those that parse, and the paths of those that do not (logged when <paramref name="log"/>).</summary>
    private (List<(string Path, CheckpointMarker Marker)> Valid, List<string> Unreadable) ReadMarkers(bool log)
    {
        var valid = new List<(string, CheckpointMarker)>();
        var unreadable = new List<string>();
        foreach (var path in _files.MarkerPaths())
        {
            try
            {
                valid.Add((path, CheckpointFiles.ReadMarker(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                unreadable.Add(path);
                if (log)
                {
                    Log.CheckpointUnreadable(_logger, path, ex);
                }
            }
        }

        return (valid, unreadable);
    }
}
