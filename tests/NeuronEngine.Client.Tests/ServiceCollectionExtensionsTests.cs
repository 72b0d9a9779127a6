using Microsoft.Extensions.DependencyInjection;
using NeuronEngine.Client.Tests.Fixtures;

namespace NeuronEngine.Client.Tests;

public sealed class ServiceCollectionExtensionsTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task AddNeuronClient_ResolvedClient_SendsItsTenant()
    {
        var tenant = EngineFixture.NewTenant();
        await using var provider = new ServiceCollection()
            .AddNeuronClient(o =>
            {
                o.Endpoint = engine.Address;
                o.Tenant = tenant;
            })
            .BuildServiceProvider();
        var client = provider.GetRequiredService<NeuronClient>();

        await client.EventTypes.CreateAsync("view", "View", 1).WaitAsync(TimeSpan.FromSeconds(30));

        using var direct = engine.Client(tenant);
        using var otherTenant = engine.Client(EngineFixture.NewTenant());
        Assert.Single(await direct.EventTypes.ListAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(await otherTenant.EventTypes.ListAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AddNeuronClient_ResolvedClient_RunsAnAdminBackup()
    {
        await using var provider = new ServiceCollection()
            .AddNeuronClient(o => o.Endpoint = engine.Address)
            .BuildServiceProvider();
        var client = provider.GetRequiredService<NeuronClient>();
        var name = $"di-{Guid.NewGuid():N}";

        var backup = await client.Admin.BackupAsync(name).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.EndsWith(name, backup.Directory, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(backup.Directory, "backup.json")), "the backup has no backup.json");
    }

    [Fact]
    public async Task AddNeuronClient_InvalidOptions_FailsOnResolve()
    {
        await using var provider = new ServiceCollection()
            .AddNeuronClient(o => o.Endpoint = "not a uri")
            .BuildServiceProvider();

        Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<NeuronClient>());
    }
}
