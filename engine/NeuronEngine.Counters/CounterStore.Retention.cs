using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.Counters.Storage;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>
    /// Keeps the newest complete checkpoints and deletes the rest, including FASTER checkpoints that never got a marker.
    /// A FASTER checkpoint stays while any kept marker names it: an incremental checkpoint needs its base snapshot
    /// (and the deltas before it, in the same file) and its index checkpoint, even when their own markers are gone.
    /// </summary>
    private void DeleteOldCheckpoints(FasterStore store)
    {
        var (valid, unreadable) = ReadMarkers(log: false);
        var markers = valid.OrderByDescending(m => m.Marker.Sequence).ToList();
        var kept = markers.Take(options.CheckpointsToKeep).Select(m => m.Marker).ToList();
        var needed = kept.SelectMany(m => new[] { m.IndexToken, m.LogToken }).ToHashSet();
        if (chain is not null)
        {
            // The chain FASTER appends the next delta to, whatever the markers say.
            needed.Add(chain.IndexToken);
            needed.Add(chain.LogToken);
        }

        // Recovery already reported these; they can never be used, so stop tripping over them.
        foreach (var path in unreadable)
        {
            TryDelete(Guid.Empty, () => File.Delete(path));
        }

        foreach (var (path, marker) in markers.Skip(options.CheckpointsToKeep))
        {
            TryDelete(marker.Token, () =>
            {
                File.Delete(path);
                File.Delete(files.StatePath(marker.StateFile));
            });
        }

        foreach (var token in store.CheckpointManager.GetLogCheckpointTokens().Concat(store.CheckpointManager.GetIndexCheckpointTokens()).Distinct().ToList())
        {
            if (!needed.Contains(token))
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
            Log.CheckpointDeleteFailed(logger, token, ex);
        }
    }

    /// <summary>All markers: those that parse, and the paths of those that do not (logged when <paramref name="log"/>).</summary>
    private (List<(string Path, CheckpointMarker Marker)> Valid, List<string> Unreadable) ReadMarkers(bool log)
    {
        var valid = new List<(string, CheckpointMarker)>();
        var unreadable = new List<string>();
        foreach (var path in files.MarkerPaths())
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
                    Log.CheckpointUnreadable(logger, path, ex);
                }
            }
        }

        return (valid, unreadable);
    }
}
