using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Backup;

/// <summary>Backups under their limits over real gRPC: the newest <c>Limits:BackupsKept</c> kept, the rest pruned and named.</summary>
public sealed class BackupRetentionTests : IAsyncLifetime
{
    private OwnEngine? engine;

    private OwnEngine Engine => engine ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        engine = await OwnEngine.StartAsync("backup-retention", ["--Limits:BackupMinInterval", "0", "--Limits:BackupsKept", "2"]);

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Backup_MoreThanBackupsKept_OldestPrunedAndNamedInTheResponse()
    {
        using var c = new EngineClients(Engine.Address);
        var admin = new AdminService.AdminServiceClient(c.Invoker);
        var root = Path.Combine(Engine.Data.Path, "backups");
        Directory.CreateDirectory(Path.Combine(root, "operator-copy"));

        var first = await admin.BackupAsync(new BackupRequest { Name = "first" }).Within();
        var second = await admin.BackupAsync(new BackupRequest { Name = "second" }).Within();
        var third = await admin.BackupAsync(new BackupRequest { Name = "third" }).Within();

        Assert.Empty(first.Pruned);
        Assert.Empty(second.Pruned);
        Assert.Equal(["first"], third.Pruned);
        Assert.Equal(["operator-copy", "second", "third"], Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
