using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Backup;

/// <summary>The backup rate limit over real gRPC: a second backup before <c>Limits:BackupMinInterval</c> is refused.</summary>
public sealed class BackupRateLimitTests : IAsyncLifetime
{
    private OwnEngine? engine;

    public async Task InitializeAsync() => engine = await OwnEngine.StartAsync("backup-rate", ["--Limits:BackupMinInterval", "01:00:00"]);

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Backup_SoonerThanBackupMinInterval_ResourceExhaustedNamingTheLimit()
    {
        using var c = new EngineClients(engine!.Address);
        var admin = new AdminService.AdminServiceClient(c.Invoker);
        await admin.BackupAsync(new BackupRequest { Name = "hourly-1" }).Within();

        await RpcAssert.FailsAsync(StatusCode.ResourceExhausted,
            () => admin.BackupAsync(new BackupRequest { Name = "hourly-2" }).ResponseAsync, "Limits:BackupMinInterval (01:00:00)");
        Assert.False(Directory.Exists(Path.Combine(engine.Data.Path, "backups", "hourly-2")));
    }
}
