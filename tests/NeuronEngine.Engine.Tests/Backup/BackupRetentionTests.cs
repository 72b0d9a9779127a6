using System.Globalization;
using NeuronEngine.Engine.Backup;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Backup;

public sealed class BackupRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory root = new("backup-retention");
    private readonly RecordingLogger logger = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Prune_MoreThanKept_DeletesTheOldestByManifestTimeAndLogsEach()
    {
        // Folder names sort the other way round from the manifests' times: age comes from the manifest.
        Backup("z-first", Day);
        Backup("y-second", Day.AddDays(1));
        Backup("x-third", Day.AddDays(2));
        var made = Backup("w-fourth", Day.AddDays(3));

        var pruned = BackupRetention.Prune(root.Path, made, keep: 2, logger);

        Assert.Equal(["z-first", "y-second"], pruned);
        Assert.Equal(["w-fourth", "x-third"], Folders());
        Assert.Equal(2, logger.Named("BackupPruned").Count);
        Assert.Contains("z-first", logger.Named("BackupPruned")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_TheBackupJustMadeLooksOldest_NeverDeletesIt()
    {
        Backup("a", Day.AddDays(1));
        Backup("b", Day.AddDays(2));
        var made = Backup("made-on-a-slow-clock", Day);

        var pruned = BackupRetention.Prune(root.Path, made, keep: 2, logger);

        Assert.Equal(["a"], pruned);
        Assert.Equal(["b", "made-on-a-slow-clock"], Folders());
    }

    [Fact]
    public void Prune_FoldersTheEngineDidNotWrite_LeftAlone()
    {
        Backup("old", Day);
        Backup("older", Day.AddDays(-1));
        Directory.CreateDirectory(root.Combine("operator-notes"));
        File.WriteAllText(root.Combine("operator-notes", "backup.json"), "not json");
        Backup(".partial-next-0123", Day.AddDays(-2), name: ".partial-next-0123");
        Backup("renamed", Day.AddDays(-3), name: "original-name");
        Directory.CreateDirectory(root.Combine("no-manifest"));
        using var elsewhere = new TempDirectory("backup-elsewhere");
        Directory.CreateSymbolicLink(root.Combine("linked"), Backup("linked", Day.AddDays(-4), at: elsewhere.Path));
        var made = Backup("new", Day.AddDays(1));

        var pruned = BackupRetention.Prune(root.Path, made, keep: 1, logger);

        Assert.Equal(["older", "old"], pruned);
        Assert.Equal([".partial-next-0123", "linked", "new", "no-manifest", "operator-notes", "renamed"], Folders());
        Assert.True(File.Exists(Path.Combine(elsewhere.Path, "registry.db")));
    }

    [Fact]
    public void Prune_KeepZero_DeletesNothing()
    {
        Backup("a", Day);
        var made = Backup("b", Day.AddDays(1));

        Assert.Empty(BackupRetention.Prune(root.Path, made, keep: 0, logger));
        Assert.Equal(["a", "b"], Folders());
    }

    /// <summary>
    /// A folder as a backup leaves it: a data file and a backup.json naming <paramref name="name"/> (the folder's own by
    /// default); under the root, or at <paramref name="at"/>.
    /// </summary>
    private string Backup(string folder, DateTimeOffset created, string? name = null, string? at = null)
    {
        var path = at ?? root.Combine(folder);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "registry.db"), "data");
        var manifest = $$"""{ "format": 1, "name": "{{name ?? folder}}", "created": "{{created.ToString("O", CultureInfo.InvariantCulture)}}", "files": [] }""";
        File.WriteAllText(Path.Combine(path, BackupParts.ManifestFile), manifest);
        return path;
    }

    private List<string> Folders() => [.. Directory.GetDirectories(root.Path).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];
}
