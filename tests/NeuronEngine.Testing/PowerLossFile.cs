namespace NeuronEngine.Testing;

/// <summary>What a simulated power loss left of one file (see <see cref="PowerLossDisk"/>).</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="SyncedLength">Its length at its last fsync.</param>
/// <param name="CurrentLength">Its length when the power went.</param>
/// <param name="Content">What is on disk after the loss.</param>
/// <param name="Kept">Pages changed since the fsync that survived whole.</param>
/// <param name="Lost">Pages changed since the fsync that kept their old content (zeros past the fsynced length).</param>
/// <param name="Torn">Pages changed since the fsync that came out part new, part old, by 512-byte sector.</param>
public sealed record PowerLossFile(string Path, long SyncedLength, long CurrentLength, byte[] Content, int Kept, int Lost, int Torn)
{
    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: fsynced {SyncedLength} bytes, {CurrentLength} written, {Content.Length} left; changed pages kept {Kept}, lost {Lost}, torn {Torn}";
}
