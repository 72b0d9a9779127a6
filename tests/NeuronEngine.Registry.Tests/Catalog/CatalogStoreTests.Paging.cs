using System.Buffers.Text;

namespace NeuronEngine.Registry.Tests.Catalog;

public abstract partial class CatalogStoreTests
{
    [Fact]
    public void List_2500ItemsInPagesOf1000_ReturnsEachOnceInOrder()
    {
        var ids = Enumerable.Range(0, 2500).Select(i => $"item-{i * 7919 % 2500:D5}").ToList();
        registry.Catalog.Upsert(Tenant, ids.Select(id => Item(id)).ToList());
        registry.Catalog.Delete(Tenant, [ids[10]]);

        var seen = new List<string>();
        var pages = new List<int>();
        var token = "";
        do
        {
            var page = registry.Catalog.List(Tenant, 1000, token);
            pages.Add(page.Items.Count);
            seen.AddRange(page.Items.Select(i => i.ItemId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal([1000, 1000, 500], pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public void List_NoPageSize_Uses100()
    {
        registry.Catalog.Upsert(Tenant, Enumerable.Range(0, 150).Select(i => Item($"i{i:D3}")).ToList());

        var first = registry.Catalog.List(Tenant);
        var second = registry.Catalog.List(Tenant, pageToken: first.NextPageToken);

        Assert.Equal(100, first.Items.Count);
        Assert.Equal(50, second.Items.Count);
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public void List_ExactlyOnePage_HasNoNextToken()
    {
        registry.Catalog.Upsert(Tenant, [Item("a"), Item("b")]);

        Assert.Equal("", registry.Catalog.List(Tenant, 2).NextPageToken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void List_PageSizeOutOfRange_ThrowsInvalidArgument(int pageSize)
    {
        NeuronAssert.InvalidArgument("page_size", () => registry.Catalog.List(Tenant, pageSize));
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("AQ")]
    [InlineData("AmE")]
    [InlineData("Af8")]
    public void List_ForgedPageToken_ThrowsInvalidArgument(string token)
    {
        NeuronAssert.InvalidArgument("page_token", () => registry.Catalog.List(Tenant, 10, token));
    }

    [Fact]
    public void List_TokenFromValidPage_IsBase64UrlOfVersionAndLastId()
    {
        registry.Catalog.Upsert(Tenant, [Item("a"), Item("b")]);

        var token = registry.Catalog.List(Tenant, 1).NextPageToken;

        Assert.Equal(Base64Url.EncodeToString([1, (byte)'a']), token);
    }

    /// <summary>
    /// item_id order is the order of the ids' UTF-8 bytes (SQLite's BINARY collation, Redis's ZRANGEBYLEX), which differs
    /// from .NET's ordinal order past the BMP: "\uFF21" sorts before an emoji in UTF-8, after it in UTF-16.
    /// </summary>
    [Fact]
    public void List_NonAsciiIds_InUtf8ByteOrder()
    {
        string[] expected = ["A", "a", "\u00E9", "\uFF21", "\U0001F600"];
        registry.Catalog.Upsert(Tenant, [.. expected.Reverse().Select(id => Item(id))]);

        var first = registry.Catalog.List(Tenant, 3);
        var second = registry.Catalog.List(Tenant, 3, first.NextPageToken);

        Assert.Equal(expected, first.Items.Concat(second.Items).Select(i => i.ItemId));
        Assert.Equal(expected, registry.Catalog.EnumerateItems(Tenant).Select(i => i.ItemId));
    }

    [Fact]
    public void EnumerateItems_ActiveOnlyOverManyReads_SkipsInactiveKeepsOrder()
    {
        var ids = Enumerable.Range(0, 2500).Select(i => $"item-{i:D5}").ToList();
        registry.Catalog.Upsert(Tenant, [.. ids.Select(id => Item(id))]);
        var inactive = ids.Where((_, i) => i % 7 == 0 || i is 999 or 1000 or 1999 or 2000 or 2499).ToList();
        registry.Catalog.Delete(Tenant, inactive);

        var active = registry.Catalog.EnumerateItems(Tenant).Select(i => i.ItemId).ToList();
        var all = registry.Catalog.EnumerateItems(Tenant, activeOnly: false).ToList();

        Assert.Equal(ids.Except(inactive), active);
        Assert.Equal(ids, all.Select(i => i.ItemId));
        Assert.Equal(inactive, all.Where(i => !i.Active).Select(i => i.ItemId));
        Assert.Equal(active, registry.Catalog.LoadActiveItems(Tenant).Select(i => i.ItemId));
    }
}
