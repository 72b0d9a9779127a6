using FASTER.core;
using NeuronEngine.Core;
using NeuronEngine.Counters.Checkpoints;
using NeuronEngine.EventLog;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    /// <summary>
    /// Takes a checkpoint covering <see cref="AppliedPosition"/>, then deletes all but the newest
    /// <see cref="CounterOptions.CheckpointsToKeep"/> (keeping whatever FASTER files those still need).
    /// The caller guarantees no <see cref="Apply"/> or <see cref="IsDuplicate"/> runs until it completes;
    /// readers may continue.
    /// </summary>
    /// <remarks>
    /// <para>Full or incremental. The first checkpoint after <see cref="Recover"/> and then every
    /// <see cref="CounterOptions.FullCheckpointEvery"/>th one is full: FASTER's hash index plus a snapshot of
    /// the in-memory log, a new "base". The ones between are incremental snapshots: FASTER appends only the
    /// records changed since the previous checkpoint to the base's delta log, so they cost what changed, not
    /// what is stored. When FASTER cannot add a delta (the log was flushed past the base meanwhile), it takes a
    /// new base snapshot instead, paired with the last index checkpoint (an older index is valid: recovery
    /// replays the log from where it was taken).</para>
    /// <para>Why snapshots: a fold-over checkpoint would make every record read-only, so the next update of
    /// each history would copy it to the log tail (the log grows by every touched record each time).</para>
    /// <para>Order of writes: FASTER's files, then the state file (ordinal maps and aggregates), then the marker
    /// <c>meta/&lt;token&gt;.json</c>, which names the index and base, FASTER's version and the delta log's
    /// length at this checkpoint. Each of our files is written to a temp name, flushed and renamed, so a crash at
    /// any point leaves either a complete checkpoint or one without a marker, which recovery ignores (its deltas
    /// are cut off again by the delta length recorded in the previous marker).</para>
    /// </remarks>
    public async Task<CheckpointInfo> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        var store = Store;
        var position = AppliedPosition;
        var chain = this.chain;
        var full = chain is null || chain.SinceFull + 1 >= options.FullCheckpointEvery;
        var (success, logToken) = full
            ? await store.Kv.TakeFullCheckpointAsync(CheckpointType.Snapshot, cancellationToken).ConfigureAwait(false)
            : await store.Kv.TakeHybridLogCheckpointAsync(CheckpointType.Snapshot, tryIncremental: true, cancellationToken).ConfigureAwait(false);
        if (!success)
        {
            NeuronException.ThrowFailedPrecondition("FASTER did not start the checkpoint: another one is in progress");
        }

        // Recorded before our own files: even if writing them fails, FASTER's next delta builds on this one.
        var incremental = !full && logToken == chain!.LogToken;
        this.chain = chain = full ? new CheckpointChain(logToken, logToken, 0) : new CheckpointChain(chain!.IndexToken, logToken, chain.SinceFull + 1);

        // A delta shares FASTER's token with its base, so it gets its own name for the marker and state file.
        var token = incremental ? Guid.NewGuid() : logToken;
        Directory.CreateDirectory(files.MetaDirectory);
        var stateFile = CheckpointFiles.StateFileName(token);
        var statePath = files.StatePath(stateFile);
        var tenants = this.tenants.Values.ToList();
        CheckpointFiles.WriteAtomically(statePath, stream => StateFile.Write(stream, tenants));
        var (bytes, sha256) = CheckpointFiles.Fingerprint(statePath);

        var marker = new CheckpointMarker(
            CheckpointMarker.CurrentFormat, token, lastSequence + 1, position.Offset, time.GetUtcNow(), stateFile, bytes, sha256,
            chain.IndexToken, chain.LogToken, store.Kv.CurrentVersion, store.DeltaLogBytes(chain.LogToken),
            streamCursors.Count == 0 ? null : StreamCursors);
        files.WriteMarker(marker);
        lastSequence = marker.Sequence;
        Log.CheckpointTaken(logger, token, marker.Sequence, position.Offset, full ? "full" : incremental ? "incremental" : "new base");

        DeleteOldCheckpoints(store);
        return new CheckpointInfo(token, position, marker.Sequence, marker.CreatedAt);
    }
}
