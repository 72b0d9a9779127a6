using System.Globalization;
using NeuronEngine.Core;

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

    /// <summary>The error for damage found at <paramref name="fileOffset"/>; recovery and the reader both report it so.</summary>
    /// <param name="fileOffset">Where in the file the damage starts.</param>
    /// <param name="problem">What is wrong there.</param>
    /// <param name="advice">What the operator can do, when there is something.</param>
    public NeuronException CorruptAt(long fileOffset, string problem, string? advice = null) => NeuronException.DataLoss(
        $"event log segment \"{Path}\" is corrupt at byte offset {fileOffset} (log position {PositionOf(fileOffset)}): {problem}" +
        (advice is null ? string.Empty : ". " + advice));

    /// <summary>
    /// Whether the file is a segment whose creation never finished: shorter than a header, or a header's length of
    /// bytes that are not one (a power loss before the header's fsync can leave zeros). The writer puts records in only
    /// after the header is fsynced, so such a file never held a record.
    /// </summary>
    public bool IsUnfinished()
    {
        using var stream = OpenRead();
        if (stream.Length != LogFormat.SegmentHeaderSize)
        {
            return stream.Length < LogFormat.SegmentHeaderSize;
        }

        Span<byte> header = stackalloc byte[LogFormat.SegmentHeaderSize];
        stream.ReadExactly(header);
        return !LogFormat.IsSegmentHeader(header);
    }

    /// <summary>Opens the file for reading while a writer may still append to it, or delete it.</summary>
    public FileStream OpenRead() => new(Path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
    });
}
