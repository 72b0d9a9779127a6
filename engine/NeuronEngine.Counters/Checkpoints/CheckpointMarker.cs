namespace NeuronEngine.Counters.Checkpoints;

/// <summary>
/// The commit marker of one checkpoint, <c>meta/&lt;token&gt;.json</c>. It is written last, so a checkpoint
/// without one never completed; it names and fingerprints the state file written before it, and names the
/// FASTER checkpoints the store is recovered from.
/// </summary>
/// <param name="FormatVersion">1: a full FASTER checkpoint named <paramref name="Token"/>; 2: the fields below.</param>
/// <param name="Token">Unique per checkpoint; names the marker and the state file.</param>
/// <param name="Sequence">Increases by one per checkpoint.</param>
/// <param name="LogPosition">The event-log offset the checkpoint covers.</param>
/// <param name="CreatedAt">When it was taken.</param>
/// <param name="StateFile">The state file's name under <c>meta</c>.</param>
/// <param name="StateBytes">The state file's length.</param>
/// <param name="StateSha256">The state file's SHA-256, hex.</param>
/// <param name="IndexToken">The FASTER index checkpoint to recover (taken at or before the log checkpoint).</param>
/// <param name="LogToken">The FASTER hybrid-log snapshot: a base snapshot, followed by the incremental deltas appended to it.</param>
/// <param name="Version">FASTER's <c>CurrentVersion</c> right after this checkpoint; recovery must arrive at the same.</param>
/// <param name="DeltaBytes">Length of the delta log of <paramref name="LogToken"/> when this checkpoint completed (0: the base alone).</param>
/// <param name="Streams">Cluster mode: per event stream, the id of the last entry the checkpoint covers (replay resumes after it); null on one node.</param>
internal sealed record CheckpointMarker(
    int FormatVersion,
    Guid Token,
    long Sequence,
    long LogPosition,
    DateTimeOffset CreatedAt,
    string StateFile,
    long StateBytes,
    string StateSha256,
    Guid IndexToken = default,
    Guid LogToken = default,
    long Version = 0,
    long DeltaBytes = 0,
    IReadOnlyDictionary<string, string>? Streams = null)
{
    public const int CurrentFormat = 2;

    /// <summary>Format 1 markers described a full FASTER checkpoint under their own token, with no deltas and no version to check.</summary>
    public CheckpointMarker Normalize() => FormatVersion == 1
        ? this with { FormatVersion = CurrentFormat, IndexToken = Token, LogToken = Token, Version = 0, DeltaBytes = 0 }
        : this;
}
