using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Core;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.Models;

/// <summary>The contract on SQLite, and what only SQLite does: migrations, and placing the artifact inside the transaction.</summary>
public sealed class ModelStoreTestsOnSqlite() : ModelStoreTests(RegistryBackend.Sqlite)
{
    [Fact]
    public void RegisterVersion_PlaceArtifactThrows_RegistersNothingAndNumberIsReused()
    {
        Register();

        var ex = Assert.Throws<IOException>(() => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), v => throw new IOException($"disk full at {v}")));
        Assert.Equal("disk full at 2", ex.Message);
        Assert.Equal([1], Store.ListVersions(Tenant, Recs).Items.Select(v => v.Version));

        Assert.Equal(2, Register().Version);
    }

    [Fact]
    public void RegisterVersion_FirstVersionPlacementFails_NoFamilyLeftBehind()
    {
        Assert.Throws<IOException>(() => Store.RegisterVersion(Tenant, "recs", new VersionRegistration(), _ => throw new IOException("no")));

        Assert.Empty(Store.ListFamilies(Tenant));
        NeuronAssert.Throws(ErrorKind.NotFound, () => Store.ListVersions(Tenant, Recs));
    }

    [Fact]
    public void RegisterVersion_ArtifactId_NotKept()
    {
        var version = Register(registration: new VersionRegistration(ArtifactId: new string('a', 64)));

        Assert.Null(version.ArtifactId);
        Assert.Null(Store.GetVersion(Tenant, Recs, 1).ArtifactId);
    }

    [Fact]
    public void Open_Version1Database_MigratesToVersion2KeepingData()
    {
        Registry.Database.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Registry.DatabasePath + suffix);
        }

        using (var v1 = Registry.Open([RegistryMigrations.All[0]]))
        {
            Assert.Equal(1, v1.SchemaVersion);
            new EventTypeStore(v1, Registry.Clock).Create(Tenant, "click", "Click", 3);
            new TemplateStore(v1, Registry.Clock).Create(Tenant, new TemplateSpec("home", "Home", [new SignalSpec("click", null, 1)]));
            new CatalogStore(v1, Registry.Clock).Upsert(Tenant, [new CatalogItem("i1", new Dictionary<string, string> { ["color"] = "red" }, true)]);
        }

        Registry.Reopen();

        Assert.Equal(RegistryMigrations.All.Count, Registry.Database.SchemaVersion);
        Assert.Equal(3, Registry.EventTypes.Get(Tenant, "click").Weight);
        Assert.Equal("click", Assert.Single(Registry.Templates.Get(Tenant, "home").Signals).Type);
        Assert.Equal("red", Registry.Catalog.Get(Tenant, "i1").Attributes["color"]);
        Assert.Equal(1, Register().Version);
        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Tenant).Status);
    }

    [Fact]
    public void AddNeuronRegistry_ModelStore_IsTheSqliteOneUnderBothNames()
    {
        using var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddNeuronRegistry(o => o.DatabasePath = Registry.DatabasePath)
            .BuildServiceProvider();

        Assert.Same(services.GetRequiredService<ModelStore>(), services.GetRequiredService<IModelStore>());
    }
}
