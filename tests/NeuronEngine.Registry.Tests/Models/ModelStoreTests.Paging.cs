using NeuronEngine.Core;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Tests.Models;

public abstract partial class ModelStoreTests
{
    [Fact]
    public void ListVersions_Pages_EveryVersionOnceNewestFirstWhileVersionsArrive()
    {
        for (var i = 0; i < 7; i++)
        {
            Register();
        }

        var seen = new List<int>();
        var token = "";
        var pages = 0;
        do
        {
            var page = Store.ListVersions(Tenant, Recs, pageSize: 3, pageToken: token);
            Assert.InRange(page.Items.Count, 1, 3);
            seen.AddRange(page.Items.Select(v => v.Version));
            token = page.NextPageToken;
            pages++;

            // Newer versions land before the walk's position: they are not part of it, and nothing is seen twice.
            Register();
        }
        while (token.Length > 0);

        Assert.Equal([7, 6, 5, 4, 3, 2, 1], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void ListVersions_DefaultPage_HoldsAHundred()
    {
        for (var i = 0; i < 101; i++)
        {
            Register();
        }

        var first = Store.ListVersions(Tenant, Recs);
        var second = Store.ListVersions(Tenant, Recs, pageToken: first.NextPageToken);

        Assert.Equal(ModelStore.DefaultLimit, first.Items.Count);
        Assert.Equal([1], second.Items.Select(v => v.Version));
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public void ListVersions_LargeManifests_PageEndsEarlyAndTheWalkStillSeesEveryVersion()
    {
        // Each manifest is a third of a page's byte budget plus a little: two fit, the third does not.
        var manifest = $$"""{"pad":"{{new string('x', (ModelStore.MaxPageManifestBytes / 3) + 16)}}"}""";
        for (var i = 0; i < 5; i++)
        {
            Register(registration: new VersionRegistration(Manifest: manifest));
        }

        var first = Store.ListVersions(Tenant, Recs, pageSize: 1000);
        var rest = Store.ListVersions(Tenant, Recs, pageSize: 1000, pageToken: first.NextPageToken);
        var last = Store.ListVersions(Tenant, Recs, pageSize: 1000, pageToken: rest.NextPageToken);

        Assert.Equal([5, 4], first.Items.Select(v => v.Version));
        Assert.Equal([3, 2], rest.Items.Select(v => v.Version));
        Assert.Equal([1], last.Items.Select(v => v.Version));
        Assert.Equal("", last.NextPageToken);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AQ")]
    [InlineData("AVIAAAAAAAAAAGFiYw")]
    [InlineData("AVb_____")]
    public void ListVersions_BadToken_InvalidArgumentNamingPageToken(string token)
    {
        Register();

        var ex = NeuronAssert.InvalidArgument("page_token", () => Store.ListVersions(Tenant, Recs, pageToken: token));

        Assert.Contains("ListVersions", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void ListVersions_PageSizeOutOfRange_InvalidArgument(int size)
    {
        Register();

        NeuronAssert.InvalidArgument("page_size", () => Store.ListVersions(Tenant, Recs, pageSize: size));
    }
}
