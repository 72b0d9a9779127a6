using System.Globalization;

namespace NeuronEngine.EventLog;

/// <summary>One segment file: <c>&lt;20-digit base position&gt;.seg</c>.</summary>
/// <param name="BaseOffset">The log position of the segment's first record.</param>
/// <param name="Path">The file's full path.</param>
internal readonly record struct SegmentFile(long BaseOffset, string Path)
{
    /// <summary>The segments in <paramref name="directory"/>, by base position; files with other names are ignored.</summary>
    public static List<SegmentFile> List(string directory)
    {
        var segments = new List<SegmentFile>();
        if (!System.IO.Directory.Exists(directory))
        {
            return segments;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + LogFormat.SegmentExtension))
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            if (name.Length == 20 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var baseOffset))
            {
                segments.Add(new SegmentFile(baseOffset, path));
            }
        }

        segments.Sort((a, b) => a.BaseOffset.CompareTo(b.BaseOffset));
        return segments;
    }

    /// <summary>The file offset of log position <paramref name="position"/> within this segment.</summary>
    public long FileOffsetOf(long position) => LogFormat.SegmentHeaderSize + (position - BaseOffset);

    /// <summary>The log position of file offset <paramref name="fileOffset"/> within this segment.</summary>
    public long PositionOf(long fileOffset) => BaseOffset + (fileOffset - LogFormat.SegmentHeaderSize);

    /// <summary>Opens the file for reading while a writer may still append to it, or delete it.</summary>
    public FileStream OpenRead() => new(Path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
    });
}
