namespace NeuronEngine.Counters.Checkpoints;

/// <summary>
/// The commit marker of one checkpoint, <c>meta/&lt;token&gt;.json</c>. It is written last, so a checkpoint
/// without one never completed; it names and fingerprints the state file written before it.
/// </summary>
internal sealed record CheckpointMarker(
    int FormatVersion,
    Guid Token,
    long Sequence,
    long LogPosition,
    DateTimeOffset CreatedAt,
    string StateFile,
    long StateBytes,
    string StateSha256)
{
    public const int CurrentFormat = 1;
}
