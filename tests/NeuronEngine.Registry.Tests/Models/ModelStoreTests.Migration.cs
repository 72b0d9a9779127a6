using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.EventTypes;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Registry.Tests.Models;

public sealed partial class ModelStoreTests
{
    [Fact]
    public void Open_Version1Database_MigratesToVersion2KeepingData()
    {
        registry.Database.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(registry.DatabasePath + suffix);
        }

        using (var v1 = registry.Open([RegistryMigrations.All[0]]))
        {
            Assert.Equal(1, v1.SchemaVersion);
            new EventTypeStore(v1, registry.Clock).Create(Tenant, "click", "Click", 3);
            new TemplateStore(v1, registry.Clock).Create(Tenant, new TemplateSpec("home", "Home", [new SignalSpec("click", null, 1)]));
            new CatalogStore(v1, registry.Clock).Upsert(Tenant, [new CatalogItem("i1", new Dictionary<string, string> { ["color"] = "red" }, true)]);
        }

        registry.Reopen();

        Assert.Equal(RegistryMigrations.All.Count, registry.Database.SchemaVersion);
        Assert.Equal(3, registry.EventTypes.Get(Tenant, "click").Weight);
        Assert.Equal("click", Assert.Single(registry.Templates.Get(Tenant, "home").Signals).Type);
        Assert.Equal("red", registry.Catalog.Get(Tenant, "i1").Attributes["color"]);
        Assert.Equal(1, Register().Version);
        Assert.Equal(ModelEndpointStatus.None, Store.GetEndpoint(Tenant).Status);
    }
}
