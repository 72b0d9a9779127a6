using System.Collections.Frozen;
using System.Security.Cryptography;

namespace NeuronEngine.Server.Console;

/// <summary>
/// The console's stylesheet and script, compiled into the engine as embedded resources and served from
/// <c>/console/assets/{name}</c>: nothing on disk to deploy, no static-web-assets manifest (which a host started from
/// another folder, like the tests' <c>bin/</c>, may lack), and no build step beyond the C# compiler.
/// </summary>
/// <remarks>Served with an ETag and <c>Cache-Control: no-cache</c>: a browser revalidates, and gets a 304 while the engine is the same build.</remarks>
internal static class ConsoleAssets
{
    public const string Prefix = "/console/assets";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Prefix + "/{name}", Serve).WithMetadata(ConsoleEndpoint.Public);

    private static IResult Serve(string name, HttpContext context)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        const string ResourcePrefix = "NeuronEngine.Server.Console.Assets.";
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(content, type, $"\"{Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 8))}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
