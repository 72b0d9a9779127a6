using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.Redis;
using NeuronEngine.Registry.Tests.EventTypes;
using NeuronEngine.Testing;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Tests.Catalog;

/// <summary>Two replicas (two connections, one key prefix) writing one catalog at once get what one node would give.</summary>
public sealed class RedisCatalogStoreTests : IDisposable
{
    private const string Tenant = "acme";
    private readonly TestRegistry registry = new(RegistryBackend.Redis);
    private readonly ConnectionMultiplexer otherConnection = ConnectionMultiplexer.Connect(RedisServer.Shared.Configuration);
    private readonly RedisControlPlane other;

    public RedisCatalogStoreTests() => other = new RedisControlPlane(otherConnection, registry.Redis!.Prefix);

    public void Dispose()
    {
        otherConnection.Dispose();
        registry.Dispose();
    }

    [Fact]
    public async Task Upsert_OverlappingBatchesOnTwoReplicas_EachItemOnceAndWhole()
    {
        var stores = new ICatalogStore[] { registry.Catalog, new RedisCatalogStore(other, registry.Clock) };

        // Batch b holds items b*500 .. b*500+999: each item is in two batches, written by different replicas.
        var outcomes = await RedisEventTypeStoreTests.Race(6, b => stores[b % 2].Upsert(Tenant,
            Enumerable.Range(b * 500, 1000).Select(i => Item($"i{i:D5}", ("batch", $"{b}"), ("again", $"{b}"))).ToList()));

        Assert.All(outcomes, Assert.Null);
        var items = Walk(registry.Catalog, 300);
        Assert.Equal(Enumerable.Range(0, 3500).Select(i => $"i{i:D5}"), items.Select(i => i.ItemId));
        Assert.All(items, item => Assert.Equal(item.Attributes["batch"], item.Attributes["again"]));
        Assert.Equal(items.Select(i => i.ItemId), registry.Catalog.EnumerateItems(Tenant).Select(i => i.ItemId));
    }

    /// <summary>
    /// A delete reads each item to mark it inactive; an upsert committed on another replica in between must not be
    /// overwritten by the delete's stale copy of the attributes.
    /// </summary>
    [Fact]
    public async Task Delete_RacingUpsertOnAnotherReplica_KeepsTheUpsertedAttributes()
    {
        var upserts = new RedisCatalogStore(other, registry.Clock);
        var deletes = registry.Catalog;
        var ids = Enumerable.Range(0, 200).Select(i => $"i{i:D3}").ToList();
        for (var round = 1; round <= 10; round++)
        {
            deletes.Upsert(Tenant, [.. ids.Select(id => Item(id, ("v", "old")))]);
            var value = $"new-{round}";

            var outcomes = await RedisEventTypeStoreTests.Race(2, i =>
            {
                if (i == 0)
                {
                    upserts.Upsert(Tenant, [.. ids.Select(id => Item(id, ("v", value)))]);
                }
                else
                {
                    Assert.Equal(ids.Count, deletes.Delete(Tenant, ids));
                }
            });

            Assert.All(outcomes, Assert.Null);
            var items = registry.Catalog.EnumerateItems(Tenant, activeOnly: false).ToList();
            Assert.All(items, item => Assert.Equal(value, item.Attributes["v"]));
            Assert.Single(items.Select(i => i.Active).Distinct());
        }
    }

    private static List<CatalogItem> Walk(ICatalogStore store, int pageSize)
    {
        var items = new List<CatalogItem>();
        var token = "";
        do
        {
            var page = store.List(Tenant, pageSize, token);
            items.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return items;
    }

    private static CatalogItem Item(string id, params (string Key, string Value)[] attributes) =>
        new(id, attributes.ToDictionary(a => a.Key, a => a.Value));
}
