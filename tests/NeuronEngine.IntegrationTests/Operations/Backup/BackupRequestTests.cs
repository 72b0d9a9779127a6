using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Operations.Backup;

/// <summary>What the Backup call accepts: a folder name under the backup directory, once.</summary>
public sealed class BackupRequestTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("sp ace")]
    [InlineData("\u00e9t\u00e9")]
    public async Task Backup_BadName_InvalidArgumentNamingTheField(string name)
    {
        using var c = engine.Clients(null);
        var ex = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Admin(c).BackupAsync(new BackupRequest { Name = name }).ResponseAsync, "name");
        Assert.Equal("name", ex.Trailers.GetValue("x-error-field"));
        Assert.False(Directory.Exists(Path.Combine(engine.DataDir, "backups", name)) && name.Length > 0);
    }

    [Fact]
    public async Task Backup_NameTooLong_InvalidArgument()
    {
        using var c = engine.Clients(null);
        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Admin(c).BackupAsync(new BackupRequest { Name = new string('a', 129) }).ResponseAsync, "name");
    }

    [Fact]
    public async Task Backup_NameTaken_AlreadyExistsAndTheFirstIsUntouched()
    {
        using var c = engine.Clients(null);
        var first = await Admin(c).BackupAsync(new BackupRequest { Name = "twice" }).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60));
        var manifest = await File.ReadAllBytesAsync(Path.Combine(first.Directory, "backup.json"));

        await RpcAssert.FailsAsync(StatusCode.AlreadyExists, () => Admin(c).BackupAsync(new BackupRequest { Name = "twice" }).ResponseAsync, "twice");
        Assert.Equal(manifest, await File.ReadAllBytesAsync(Path.Combine(first.Directory, "backup.json")));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(engine.DataDir, "backups"), ".partial-*"));
    }

    [Fact]
    public async Task Backup_EmptyEngine_FolderIsADataDirectoryWithEveryPart()
    {
        using var c = engine.Clients(null);
        var backup = await Admin(c).BackupAsync(new BackupRequest { Name = "parts" }).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(File.Exists(Path.Combine(backup.Directory, "registry.db")));
        Assert.True(File.Exists(Path.Combine(backup.Directory, "backup.json")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(backup.Directory, "events"), "*.seg"));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(backup.Directory, "counters", "meta"), "*.json"));
        Assert.False(Directory.Exists(Path.Combine(backup.Directory, "backups")));
        Assert.Equal(Directory.EnumerateFiles(backup.Directory, "*", SearchOption.AllDirectories).Count(), backup.Files);
    }

    private static AdminService.AdminServiceClient Admin(Testing.EngineClients c) => new(c.Invoker);
}
