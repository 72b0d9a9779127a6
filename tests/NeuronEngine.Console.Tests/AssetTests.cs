using System.Net;
using System.Net.Http.Headers;
using NeuronEngine.Console.Tests.Fixtures;

namespace NeuronEngine.Console.Tests;

/// <summary>The console's script and stylesheet: revalidated on every use (no-cache + ETag), so a new engine build's script is never run from a stale cache.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AssetTests(ConsoleEngine console)
{
    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Asset_NoCacheWithETag_RevalidatedWith304(string name, string type)
    {
        using var http = new HttpClient { BaseAddress = new Uri(console.ConsoleUrl) };
        using var first = await http.GetAsync($"/console/assets/{name}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(type, first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.NoCache, "Cache-Control: no-cache");
        var etag = Assert.IsType<EntityTagHeaderValue>(first.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/console/assets/{name}");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.True(revalidated.Headers.CacheControl?.NoCache, "Cache-Control: no-cache on the 304 too");
        Assert.Equal(etag, revalidated.Headers.ETag);
    }

    [Fact]
    public async Task UnknownAsset_NotFound()
    {
        using var http = new HttpClient { BaseAddress = new Uri(console.ConsoleUrl) };
        using var response = await http.GetAsync("/console/assets/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
