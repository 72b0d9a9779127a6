using System.Runtime.InteropServices;

namespace NeuronEngine.Core;

/// <summary>
/// Makes files and directory entries durable. Whatever the engine records as existing (a registered model's files, an
/// uploaded dataset) is synced, with the directories naming it, before the record is committed: after a power loss a
/// record never points at a file the disk lost.
/// </summary>
public interface IFileSync
{
    /// <summary>fsync of a file's contents.</summary>
    void SyncFile(string path);

    /// <summary>fsync of a directory, so names created, renamed or deleted in it survive a power loss.</summary>
    void SyncDirectory(string directory);
}

/// <summary>
/// <see cref="IFileSync"/> on the real file system. A directory needs two libc calls: .NET has no API for it (it refuses
/// to open a directory as a file).
/// </summary>
public sealed partial class FileSync : IFileSync
{
    private const int ReadOnly = 0;

    /// <summary>The one instance; it holds no state.</summary>
    public static FileSync Instance { get; } = new();

    public void SyncFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    public void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS makes metadata durable with the file's own flush; there is no directory handle to flush.
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory \"{directory}\" to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory \"{directory}\" failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
