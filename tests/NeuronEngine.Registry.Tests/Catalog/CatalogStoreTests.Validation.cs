using NeuronEngine.Registry.Catalog;

namespace NeuronEngine.Registry.Tests.Catalog;

public abstract partial class CatalogStoreTests
{
    [Theory]
    [InlineData("item_id empty", "items[1].item_id")]
    [InlineData("item_id control character", "items[1].item_id")]
    [InlineData("item_id 257 bytes", "items[1].item_id")]
    [InlineData("item twice", "items[2].item_id")]
    [InlineData("attribute key empty", "items[1].attributes[\"\"]")]
    [InlineData("attribute key space", "items[1].attributes[\"a b\"]")]
    [InlineData("attribute key 65 chars", "items[1].attributes[\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\"]")]
    [InlineData("attribute value 1025 chars", "items[1].attributes[\"color\"]")]
    [InlineData("attribute value null", "items[1].attributes[\"color\"]")]
    [InlineData("65 attributes", "items[1].attributes")]
    [InlineData("10001 items", "items")]
    public void Upsert_RuleBroken_ThrowsInvalidArgumentNamingFieldAndWritesNothing(string rule, string field)
    {
        var items = Broken(rule);

        NeuronAssert.InvalidArgument(field, () => registry.Catalog.Upsert(Tenant, items));

        Assert.Empty(registry.Catalog.EnumerateItems(Tenant, activeOnly: false));
    }

    [Fact]
    public void Upsert_LimitValues_Accepted()
    {
        var attributes = Enumerable.Range(0, 64).ToDictionary(i => $"k{i}", _ => new string('v', 1024));
        attributes[new string('K', 64)] = attributes["k0"];
        attributes.Remove("k0");
        var items = Enumerable.Range(0, 10_000).Select(i => Item($"i{i}")).ToList();
        items[0] = new CatalogItem(new string('x', 256), attributes);

        Assert.Equal(10_000, registry.Catalog.Upsert(Tenant, items));

        Assert.Equal(64, registry.Catalog.Get(Tenant, new string('x', 256)).Attributes.Count);
    }

    private static List<CatalogItem> Broken(string rule)
    {
        var items = new List<CatalogItem> { Item("ok-0"), Item("ok-1", ("color", "red")), Item("ok-2") };
        switch (rule)
        {
            case "item_id empty": items[1] = Item(""); break;
            case "item_id control character": items[1] = Item("a\tb"); break;
            case "item_id 257 bytes": items[1] = Item(new string('é', 128) + "x"); break;
            case "item twice": items[2] = Item("ok-0"); break;
            case "attribute key empty": items[1] = Item("ok-1", ("", "red")); break;
            case "attribute key space": items[1] = Item("ok-1", ("a b", "red")); break;
            case "attribute key 65 chars": items[1] = Item("ok-1", (new string('k', 65), "red")); break;
            case "attribute value 1025 chars": items[1] = Item("ok-1", ("color", new string('r', 1025))); break;
            case "attribute value null": items[1] = Item("ok-1", ("color", null!)); break;
            case "65 attributes": items[1] = new CatalogItem("ok-1", Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", _ => "v")); break;
            case "10001 items": items = Enumerable.Range(0, 10_001).Select(i => Item($"i{i}")).ToList(); break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, "no such case");
        }

        return items;
    }
}
