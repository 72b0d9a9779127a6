using NeuronEngine.Core;
using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Registry.Tests.Catalog;

public abstract partial class CatalogStoreTests(RegistryBackend backend) : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(backend);

    public void Dispose() => registry.Dispose();

    [Fact]
    public void Upsert_New_StoresAttributesAndActive()
    {
        var attributes = new Dictionary<string, string> { ["color"] = "rød \"quoted\" \\ <b>", ["size"] = "", ["a.b-c_D"] = "日本" };

        registry.Catalog.Upsert(Tenant, [new CatalogItem("shoe-1", attributes), new CatalogItem("shoe-2", new Dictionary<string, string>(), Active: false)]);

        var shoe = registry.Catalog.Get(Tenant, "shoe-1");
        Assert.True(shoe.Active);
        Assert.Equal(attributes.OrderBy(p => p.Key, StringComparer.Ordinal), shoe.Attributes);
        Assert.Equal(["a.b-c_D", "color", "size"], shoe.Attributes.Keys);
        Assert.False(registry.Catalog.Get(Tenant, "shoe-2").Active);
        Assert.Empty(registry.Catalog.Get(Tenant, "shoe-2").Attributes);
    }

    [Fact]
    public void Upsert_Existing_ReplacesAttributesAndReactivates()
    {
        registry.Catalog.Upsert(Tenant, [Item("shoe", ("color", "red"), ("size", "42"))]);
        registry.Catalog.Delete(Tenant, ["shoe"]);

        registry.Catalog.Upsert(Tenant, [Item("shoe", ("color", "blue"))]);

        var shoe = registry.Catalog.Get(Tenant, "shoe");
        Assert.True(shoe.Active);
        Assert.Equal(new Dictionary<string, string> { ["color"] = "blue" }, shoe.Attributes);
    }

    [Fact]
    public void Upsert_BadItemAtEnd_WritesNoneOfTheBatch()
    {
        registry.Catalog.Upsert(Tenant, [Item("keep", ("v", "1"))]);
        var batch = Enumerable.Range(0, 100).Select(i => Item($"i{i}")).Append(Item("keep", ("v", "2"))).Append(Item("")).ToList();

        NeuronAssert.InvalidArgument("items[101].item_id", () => registry.Catalog.Upsert(Tenant, batch));

        Assert.Equal("1", registry.Catalog.Get(Tenant, "keep").Attributes["v"]);
        Assert.Single(registry.Catalog.EnumerateItems(Tenant, activeOnly: false));
    }

    [Fact]
    public void Delete_MixedIds_MarksInactiveAndCountsFoundOnce()
    {
        registry.Catalog.Upsert(Tenant, [Item("a"), Item("b"), Item("c")]);

        var found = registry.Catalog.Delete(Tenant, ["a", "zzz", "a", "b"]);

        Assert.Equal(2, found);
        Assert.False(registry.Catalog.Get(Tenant, "a").Active);
        Assert.False(registry.Catalog.Get(Tenant, "b").Active);
        Assert.Equal(["c"], registry.Catalog.LoadActiveItems(Tenant).Select(i => i.ItemId));
        Assert.Equal(1, registry.Catalog.Delete(Tenant, ["a"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\u0001id")]
    public void Delete_InvalidId_ThrowsInvalidArgumentNamingIt(string bad)
    {
        registry.Catalog.Upsert(Tenant, [Item("a")]);

        NeuronAssert.InvalidArgument("item_ids[1]", () => registry.Catalog.Delete(Tenant, ["a", bad]));

        Assert.True(registry.Catalog.Get(Tenant, "a").Active);
    }

    [Fact]
    public void Delete_MoreThan10000Ids_ThrowsInvalidArgument()
    {
        NeuronAssert.InvalidArgument("item_ids", () => registry.Catalog.Delete(Tenant, Enumerable.Range(0, 10_001).Select(i => $"i{i}").ToList()));
    }

    [Fact]
    public void Get_Unknown_ThrowsNotFound()
    {
        NeuronAssert.Throws(ErrorKind.NotFound, () => registry.Catalog.Get(Tenant, "nope"));
        NeuronAssert.InvalidArgument("item_id", () => registry.Catalog.Get(Tenant, ""));
    }

    [Fact]
    public void Upsert_100kItemsIn10Calls_StoresEveryItem()
    {
        for (var call = 0; call < 10; call++)
        {
            var batch = Enumerable.Range(call * 10_000, 10_000).Select(i => Item($"item-{i}", ("category", $"c{i % 50}"), ("brand", "b"))).ToList();
            Assert.Equal(10_000, registry.Catalog.Upsert(Tenant, batch));
        }

        var loaded = registry.Catalog.LoadActiveItems(Tenant);

        Assert.Equal(100_000, loaded.Count);
        Assert.Equal(100_000, loaded.Select(i => i.ItemId).Distinct().Count());
        Assert.Equal("c7", registry.Catalog.Get(Tenant, "item-99957").Attributes["category"]);
    }

    [Fact]
    public void EveryMethod_OtherTenant_SeesNothing()
    {
        registry.Catalog.Upsert("acme", [Item("a", ("owner", "acme")), Item("b")]);
        var acmeToken = registry.Catalog.List("acme", 1).NextPageToken;
        var store = registry.Catalog;

        NeuronAssert.Throws(ErrorKind.NotFound, () => store.Get("globex", "a"));
        Assert.Empty(store.List("globex").Items);
        Assert.Empty(store.List("globex", 10, acmeToken).Items);
        Assert.Empty(store.LoadActiveItems("globex"));
        Assert.Equal(0, store.Delete("globex", ["a", "b"]));

        store.Upsert("globex", [Item("a", ("owner", "globex"))]);
        Assert.Equal("acme", store.Get("acme", "a").Attributes["owner"]);
        Assert.Equal("globex", store.Get("globex", "a").Attributes["owner"]);
        Assert.Equal(2, store.LoadActiveItems("acme").Count);
    }

    private static CatalogItem Item(string id, params (string Key, string Value)[] attributes) =>
        new(id, attributes.ToDictionary(a => a.Key, a => a.Value));
}

public sealed class CatalogStoreTestsOnSqlite() : CatalogStoreTests(RegistryBackend.Sqlite);

public sealed class CatalogStoreTestsOnRedis() : CatalogStoreTests(RegistryBackend.Redis);
