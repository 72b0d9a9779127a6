using System.Buffers.Text;
using System.Globalization;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Paging;

/// <summary>
/// Page sizes and page tokens of the keyset-paged listings. A token is opaque to callers: base64url of a format byte, the
/// listing's kind and where the previous page ended (the last key it returned), so paging is stable under concurrent
/// writes — every item that exists throughout a walk is returned exactly once.
/// </summary>
internal static class PageTokens
{
    // Versioned so the format can change without misreading tokens an older build issued.
    private const byte Format = 1;

    /// <summary>The page size asked for, or <paramref name="defaultSize"/>; InvalidArgument (<c>page_size</c>) outside 1–<paramref name="maxSize"/>.</summary>
    public static int Size(int? pageSize, int defaultSize, int maxSize)
    {
        var size = pageSize ?? defaultSize;
        if (size < 1 || size > maxSize)
        {
            NeuronException.ThrowInvalidArgument("page_size", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {maxSize}, not {size}"));
        }

        return size;
    }

    public static string Encode(byte kind, ReadOnlySpan<byte> key)
    {
        var bytes = new byte[2 + key.Length];
        bytes[0] = Format;
        bytes[1] = kind;
        key.CopyTo(bytes.AsSpan(2));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The key in a token of <paramref name="kind"/>, or null for an empty token (the first page). Anything else is
    /// InvalidArgument (<c>page_token</c>) naming <paramref name="listing"/>.
    /// </summary>
    public static byte[]? Decode(string? token, byte kind, string listing)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException ex)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, NotOurs(listing), "page_token", ex);
        }

        return bytes.Length > 2 && bytes[0] == Format && bytes[1] == kind ? bytes[2..] : throw Invalid(listing);
    }

    /// <summary>The error for a token that decoded but does not hold a key of its listing.</summary>
    public static NeuronException Invalid(string listing) => NeuronException.InvalidArgument("page_token", NotOurs(listing));

    private static string NotOurs(string listing) => $"is not a token returned by {listing}";
}
