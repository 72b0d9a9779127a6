using System.Buffers.Text;
using System.Text;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

/// <summary>The page size and page token of ListItems, the same for both catalog stores (a token outlives a replica).</summary>
internal static class CatalogPageToken
{
    // Versioned so the token format can change without misreading tokens issued by an older build.
    private const byte Version = 1;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The page size asked for, or the default; InvalidArgument (<c>page_size</c>) outside 1–<see cref="CatalogStore.MaxPageSize"/>.</summary>
    public static int Size(int? pageSize)
    {
        var size = pageSize ?? CatalogStore.DefaultPageSize;
        if (size is < 1 or > CatalogStore.MaxPageSize)
        {
            NeuronException.ThrowInvalidArgument("page_size", $"must be between 1 and {CatalogStore.MaxPageSize}, not {size}");
        }

        return size;
    }

    public static string Encode(string lastItemId)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(lastItemId)];
        bytes[0] = Version;
        Encoding.UTF8.GetBytes(lastItemId, bytes.AsSpan(1));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The last item_id of the previous page, or null for an empty token (the first page).</summary>
    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        const string Rule = "is not a token returned by ListItems";
        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length < 2 || bytes[0] != Version)
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
