using System.Security.Cryptography;
using System.Text.Json;

namespace NeuronEngine.Counters.Checkpoints;

/// <summary>Paths and atomic file writes for the checkpoint metadata under <c>&lt;dir&gt;/meta</c>.</summary>
internal sealed class CheckpointFiles
{
    public CheckpointFiles(string root)
    {
        Root = root;
        MetaDirectory = Path.Combine(root, "meta");
    }

    public string Root { get; }

    public string MetaDirectory { get; }

    public string MarkerPath(Guid token) => Path.Combine(MetaDirectory, token.ToString("N") + ".json");

    public static string StateFileName(Guid token) => token.ToString("N") + ".state";

    public string StatePath(string fileName) => Path.Combine(MetaDirectory, fileName);

    public IEnumerable<string> MarkerPaths()
        => Directory.Exists(MetaDirectory) ? Directory.EnumerateFiles(MetaDirectory, "*.json") : [];

    public static CheckpointMarker ReadMarker(string path)
    {
        var marker = JsonSerializer.Deserialize(File.ReadAllBytes(path), CheckpointJsonContext.Default.CheckpointMarker)
            ?? throw new InvalidDataException("checkpoint marker is empty");
        if (marker.FormatVersion is < 1 or > CheckpointMarker.CurrentFormat)
        {
            throw new InvalidDataException("checkpoint marker has an unknown format");
        }

        marker = marker.Normalize();
        if (marker.Token == Guid.Empty || marker.IndexToken == Guid.Empty || marker.LogToken == Guid.Empty || marker.LogPosition < 0
            || marker.Version < 0 || marker.DeltaBytes < 0
            || string.IsNullOrEmpty(marker.StateFile) || marker.StateFile.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException("checkpoint marker has unexpected contents");
        }

        return marker;
    }

    public void WriteMarker(CheckpointMarker marker)
        => WriteAtomically(MarkerPath(marker.Token), stream => JsonSerializer.Serialize(stream, marker, CheckpointJsonContext.Default.CheckpointMarker));

    /// <summary>Writes to a temp file, flushes it to disk, then renames it into place, so readers see all or nothing.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static (long Bytes, string Sha256) Fingerprint(string path)
    {
        using var stream = File.OpenRead(path);
        return (stream.Length, Convert.ToHexString(SHA256.HashData(stream)));
    }
}
