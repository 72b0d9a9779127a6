using System.Buffers;
using System.Security.Cryptography;

namespace NeuronEngine.Engine.Backup;

/// <summary>
/// The folder a backup is written into: copies files in (each flushed to disk, hashed on the way), and keeps the list
/// the manifest records.
/// </summary>
/// <remarks>Not thread-safe: one backup writes one folder, one file after another.</remarks>
internal sealed class BackupFolder(string root)
{
    private const int BufferBytes = 1 << 20;
    private readonly List<BackupFile> files = [];

    public string Root { get; } = root;

    public IReadOnlyList<BackupFile> Files => files;

    public long Bytes => files.Sum(f => f.Bytes);

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Copies the first <paramref name="length"/> bytes of <paramref name="source"/> (all of it as it is when opened,
    /// when null) to <paramref name="relative"/>; the source may still be growing or be read by others meanwhile.
    /// </summary>
    /// <exception cref="IOException">The source is shorter than <paramref name="length"/>.</exception>
    public async Task CopyAsync(string source, string relative, long? length, CancellationToken cancellationToken)
    {
        var target = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, useAsync: true);
            await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true);
            var wanted = length ?? input.Length;
            for (var remaining = wanted; remaining > 0;)
            {
                var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"{source} ended {remaining} bytes before the {wanted} the backup needs");
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }

            output.Flush(flushToDisk: true);
            files.Add(new BackupFile(relative, wanted, Convert.ToHexStringLower(hash.GetHashAndReset())));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Records a file something else wrote into the folder (the registry copy), flushing and hashing it.</summary>
    public void AddWritten(string relative)
    {
        using var stream = new FileStream(PathOf(relative), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
        var length = stream.Length;
        files.Add(new BackupFile(relative, length, Convert.ToHexStringLower(SHA256.HashData(stream))));
    }

    /// <summary>Copies every file under <paramref name="source"/> to <paramref name="relative"/>, as each is when opened.</summary>
    public async Task CopyTreeAsync(string source, string relative, Func<string, bool> include, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(source, file);
            if (include(name))
            {
                await CopyAsync(file, relative + "/" + name.Replace(Path.DirectorySeparatorChar, '/'), null, cancellationToken);
            }
        }
    }
}
