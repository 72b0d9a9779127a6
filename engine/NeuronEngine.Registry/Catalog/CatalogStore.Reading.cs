using System.Buffers.Text;
using System.Text;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

public sealed partial class CatalogStore
{
    // Versioned so the token format can change without misreading tokens issued by an older build.
    private const byte PageTokenVersion = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Returns one page of items (active and inactive) in item_id order. <paramref name="pageSize"/> is 1–1000,
    /// null for 100; <paramref name="pageToken"/> is empty for the first page, else a token from the previous page.
    /// Throws InvalidArgument (<c>page_size</c>, <c>page_token</c>).
    /// </summary>
    /// <remarks>
    /// The token is the last item_id seen, so paging is stable under concurrent writes: every item that exists
    /// throughout the walk is returned exactly once.
    /// </remarks>
    public CatalogPage List(string tenant, int? pageSize = null, string? pageToken = null)
    {
        RegistryRules.RequireTenant(tenant);
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            NeuronException.ThrowInvalidArgument("page_size", $"must be between 1 and {MaxPageSize}, not {size}");
        }

        var after = string.IsNullOrEmpty(pageToken) ? null : DecodePageToken(pageToken);
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {Columns} FROM catalog_items
            WHERE tenant = $tenant AND ($after IS NULL OR item_id > $after)
            ORDER BY item_id LIMIT $limit
            """).With("$tenant", tenant).With("$after", after).With("$limit", size + 1);
        using var reader = command.ExecuteReader();
        var items = new List<CatalogItem>(Math.Min(size + 1, 1024));
        while (reader.Read())
        {
            items.Add(ReadItem(reader));
        }

        if (items.Count <= size)
        {
            return new CatalogPage(items, string.Empty);
        }

        items.RemoveAt(size);
        return new CatalogPage(items, EncodePageToken(items[^1].ItemId));
    }

    /// <summary>
    /// Streams a tenant's items in item_id order, by default only active ones, for building an in-memory catalog.
    /// </summary>
    /// <remarks>
    /// Enumeration holds one read connection and a snapshot until it finishes or is disposed; in WAL mode writers
    /// keep going meanwhile. Enumerate once, promptly.
    /// </remarks>
    public IEnumerable<CatalogItem> EnumerateItems(string tenant, bool activeOnly = true)
    {
        RegistryRules.RequireTenant(tenant);
        return Enumerate(tenant, activeOnly);
    }

    /// <summary>All of a tenant's active items in item_id order.</summary>
    public IReadOnlyList<CatalogItem> LoadActiveItems(string tenant) => [.. EnumerateItems(tenant, activeOnly: true)];

    private IEnumerable<CatalogItem> Enumerate(string tenant, bool activeOnly)
    {
        using var connection = database.Open();
        using var command = connection.Command(null, $"""
            SELECT {Columns} FROM catalog_items
            WHERE tenant = $tenant AND ($activeOnly = 0 OR active = 1)
            ORDER BY item_id
            """).With("$tenant", tenant).With("$activeOnly", activeOnly ? 1 : 0);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadItem(reader);
        }
    }

    private static string EncodePageToken(string lastItemId)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(lastItemId)];
        bytes[0] = PageTokenVersion;
        Encoding.UTF8.GetBytes(lastItemId, bytes.AsSpan(1));
        return Base64Url.EncodeToString(bytes);
    }

    private static string DecodePageToken(string token)
    {
        const string Rule = "is not a token returned by ListItems";
        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length < 2 || bytes[0] != PageTokenVersion)
            {
                throw NeuronException.InvalidArgument("page_token", Rule);
            }

            var lastItemId = StrictUtf8.GetString(bytes, 1, bytes.Length - 1);
            return FieldRules.ValidateId(lastItemId) is null ? lastItemId : throw NeuronException.InvalidArgument("page_token", Rule);
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, Rule, "page_token", ex);
        }
    }
}
