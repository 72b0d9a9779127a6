using System.Security.Cryptography;
using NeuronEngine.Engine.Backup;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Backup;

public sealed class BackupFolderTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory temp = new("backup-folder");

    [Fact]
    public async Task CopyAsync_Length_CopiesThatPrefixAndRecordsItsHash()
    {
        var source = temp.Combine("source.bin");
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await File.WriteAllBytesAsync(source, bytes);
        var folder = new BackupFolder(temp.Combine("out"));

        await folder.CopyAsync(source, "events/a.seg", 2 * 1024 * 1024 + 5, CancellationToken.None).WaitAsync(Timeout);

        var copied = await File.ReadAllBytesAsync(folder.PathOf("events/a.seg"));
        Assert.Equal(bytes.AsSpan(0, 2 * 1024 * 1024 + 5).ToArray(), copied);
        var file = Assert.Single(folder.Files);
        Assert.Equal(("events/a.seg", copied.LongLength, Convert.ToHexStringLower(SHA256.HashData(copied))), (file.Path, file.Bytes, file.Sha256));
        Assert.Equal(copied.LongLength, folder.Bytes);
    }

    [Fact]
    public async Task CopyAsync_SourceShorterThanLength_IOExceptionNamingTheSource()
    {
        var source = temp.Combine("short.bin");
        await File.WriteAllBytesAsync(source, new byte[100]);
        var folder = new BackupFolder(temp.Combine("out"));

        var ex = await Assert.ThrowsAsync<IOException>(() => folder.CopyAsync(source, "x.bin", 101, CancellationToken.None).WaitAsync(Timeout));
        Assert.Contains(source, ex.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Files);
    }

    [Fact]
    public async Task CopyTreeAsync_Filter_CopiesOnlyIncludedFilesWithSlashPaths()
    {
        var source = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(source, "meta"));
        await File.WriteAllTextAsync(Path.Combine(source, "meta", "a.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(source, "meta", "b.json.tmp"), "{");
        await File.WriteAllTextAsync(Path.Combine(source, "log.0"), "log");
        var folder = new BackupFolder(temp.Combine("out"));

        await folder.CopyTreeAsync(source, "counters", name => !name.EndsWith(".tmp", StringComparison.Ordinal), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["counters/log.0", "counters/meta/a.json"], folder.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal("{}", await File.ReadAllTextAsync(folder.PathOf("counters/meta/a.json")));
    }

    [Fact]
    public async Task AddWritten_FileWrittenByOthers_RecordedWithLengthAndHash()
    {
        var folder = new BackupFolder(temp.Combine("out"));
        Directory.CreateDirectory(folder.Root);
        await File.WriteAllTextAsync(folder.PathOf("registry.db"), "sqlite");

        folder.AddWritten("registry.db");

        var file = Assert.Single(folder.Files);
        Assert.Equal((6L, Convert.ToHexStringLower(SHA256.HashData("sqlite"u8))), (file.Bytes, file.Sha256));
    }

    public void Dispose() => temp.Dispose();
}
