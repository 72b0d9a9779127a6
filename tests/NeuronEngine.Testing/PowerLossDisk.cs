using Microsoft.Win32.SafeHandles;
using NeuronEngine.Core;

namespace NeuronEngine.Testing;

/// <summary>
/// Keeps, for the files of one directory, what each held at its last successful fsync, and on <see cref="CutPower"/>
/// works out what a power loss at that moment could leave on disk: every byte fsynced survives; of the rest, each
/// 4 KiB page that changed since the fsync survives, is lost or is torn, independently of the others and in no order.
/// </summary>
/// <remarks>
/// <para>Durability is recorded by snapshot, not by intercepting writes: an fsync makes a file's whole content at
/// that moment durable, so any byte that now differs from the snapshot was written since and may be lost. That needs
/// a seam only where the code under test fsyncs (pass <see cref="Flush"/> where it takes an fsync of a handle, or
/// this object as its <see cref="IFileSync"/>), and none on its write path.</para>
/// <para>A page that changed since the fsync, within the length the file ends up with, comes out as its new content,
/// its old content (the bytes at the fsync; zeros past the fsynced length, as in a file extended by a write that never
/// reached the disk) or torn, each 512-byte sector new or old. So a later page can survive while an earlier one is
/// lost. The file's length lands anywhere from its fsynced length to its current one (a page boundary, or either end).
/// Directory entries are not modelled: a file present at the cut keeps its name, whatever the directory's fsyncs.</para>
/// <para>Thread-safe. Snapshots read the whole file, so keep the files small (test-sized segments).</para>
/// </remarks>
public sealed class PowerLossDisk : IFileSync
{
    public const int PageSize = 4096;
    public const int SectorSize = 512;

    private readonly Lock gate = new();
    private readonly Dictionary<string, byte[]> synced = new(StringComparer.Ordinal);
    private readonly string directory;
    private readonly string searchPattern;

    /// <summary>Tracks the files in <paramref name="directory"/> matching <paramref name="searchPattern"/>.</summary>
    /// <remarks>Every matching file there now counts as fsynced as it is: create this when nothing is pending.</remarks>
    public PowerLossDisk(string directory, string searchPattern = "*")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.directory = Path.GetFullPath(directory);
        this.searchPattern = searchPattern;
        foreach (var path in Directory.EnumerateFiles(this.directory, searchPattern))
        {
            synced[path] = ReadShared(path);
        }
    }

    /// <summary>fsyncs <paramref name="handle"/> (the file at <paramref name="path"/>) and records its content as durable.</summary>
    public void Flush(SafeFileHandle handle, string path)
    {
        RandomAccess.FlushToDisk(handle);
        Synced(path);
    }

    public void SyncFile(string path)
    {
        FileSync.Instance.SyncFile(path);
        Synced(path);
    }

    public void SyncDirectory(string directory) => FileSync.Instance.SyncDirectory(directory);

    /// <summary>Records what <paramref name="path"/> holds now as durable; call it right after a successful fsync of it.</summary>
    public void Synced(string path)
    {
        var full = Path.GetFullPath(path);
        var content = ReadShared(full);
        lock (gate)
        {
            synced[full] = content;
        }
    }

    /// <summary>The length <paramref name="path"/> had at its last fsync; 0 when it was never fsynced.</summary>
    public long SyncedLength(string path)
    {
        lock (gate)
        {
            return synced.TryGetValue(Path.GetFullPath(path), out var content) ? content.Length : 0;
        }
    }

    /// <summary>
    /// What a power loss now could leave of every tracked file, chosen with <paramref name="random"/>. Nothing changes
    /// on disk until <see cref="PowerLossImage.Restore"/>, which the test calls once the code under test has let go of
    /// the files (what that code does in between is lost with the power).
    /// </summary>
    public PowerLossImage CutPower(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var files = new List<PowerLossFile>();
        foreach (var path in Directory.EnumerateFiles(directory, searchPattern).Order(StringComparer.Ordinal))
        {
            byte[] old;
            lock (gate)
            {
                old = synced.GetValueOrDefault(path, []);
            }

            files.Add(Survivor(path, old, ReadShared(path), random));
        }

        return new PowerLossImage(directory, searchPattern, files);
    }

    private static PowerLossFile Survivor(string path, byte[] old, byte[] current, Random random)
    {
        var length = current.Length;
        if (current.Length > old.Length)
        {
            length = random.Next(3) switch
            {
                0 => old.Length,
                1 => Math.Min(current.Length, ((old.Length / PageSize) + 1 + random.Next(Math.Max(1, (current.Length - old.Length) / PageSize))) * PageSize),
                _ => current.Length,
            };
        }
        else if (current.Length < old.Length && random.Next(2) == 0)
        {
            // The truncation since the fsync did not reach the disk.
            length = old.Length;
        }

        var content = new byte[length];
        old.AsSpan(0, Math.Min(old.Length, length)).CopyTo(content);
        var keep = random.NextDouble();
        int kept = 0, lost = 0, torn = 0;
        for (var start = 0; start < Math.Min(length, current.Length); start += PageSize)
        {
            var end = Math.Min(Math.Min(length, current.Length), start + PageSize);
            if (content.AsSpan(start, end - start).SequenceEqual(current.AsSpan(start, end - start)))
            {
                continue;
            }

            if (random.NextDouble() < keep)
            {
                current.AsSpan(start, end - start).CopyTo(content.AsSpan(start));
                kept++;
            }
            else if (random.Next(4) == 0)
            {
                for (var sector = start; sector < end; sector += SectorSize)
                {
                    if (random.Next(2) == 0)
                    {
                        current.AsSpan(sector, Math.Min(SectorSize, end - sector)).CopyTo(content.AsSpan(sector));
                    }
                }

                torn++;
            }
            else
            {
                lost++;
            }
        }

        return new PowerLossFile(path, old.Length, current.Length, content, kept, lost, torn);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
    }
}
