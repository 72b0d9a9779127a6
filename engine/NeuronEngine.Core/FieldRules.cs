using System.Text;

namespace NeuronEngine.Core;

/// <summary>
/// Rules for identifiers and tags that more than one service checks. Each method returns null
/// when the value is valid, otherwise the broken rule (the caller prefixes the field path).
/// </summary>
public static class FieldRules
{
    /// <summary>The longest user, item or event id, in bytes of UTF-8.</summary>
    public const int MaxIdBytes = 256;

    /// <summary>The longest tag name (before the colon), in characters.</summary>
    public const int MaxTagNameLength = 64;

    /// <summary>The longest tag value (after the colon), in characters.</summary>
    public const int MaxTagValueLength = 128;

    /// <summary>An id (user, item, event) is 1–256 bytes of UTF-8 with no control characters.</summary>
    public static string? ValidateId(string? value) => ValidateId(value.AsSpan());

    /// <inheritdoc cref="ValidateId(string?)"/>
    public static string? ValidateId(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return "must not be empty";
        }

        if (value.Length > MaxIdBytes || Encoding.UTF8.GetByteCount(value) > MaxIdBytes)
        {
            return $"must be at most {MaxIdBytes} bytes of UTF-8";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return "must not contain control characters";
            }
        }

        return HasUnpairedSurrogate(value) ? UnpairedSurrogate : null;
    }

    /// <summary>The rule a text with a lone UTF-16 surrogate breaks: stored as UTF-8 it would read back as U+FFFD.</summary>
    public const string UnpairedSurrogate = "must be valid Unicode (a lone UTF-16 surrogate cannot be stored as UTF-8)";

    /// <summary>True when <paramref name="value"/> holds a surrogate that is not half of a pair.</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A tag is <c>name:value</c>: the name matches <c>^[a-z][a-z0-9_.-]{0,63}$</c>, the value is 1–128
    /// characters with no whitespace or control characters (<c>surface:home</c>).
    /// </summary>
    public static string? ValidateTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return "must not be empty";
        }

        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == tag.Length - 1)
        {
            return $"\"{Truncate(tag)}\" must be name:value (surface:home)";
        }

        if (colon > MaxTagNameLength || tag.Length - colon - 1 > MaxTagValueLength)
        {
            return $"\"{Truncate(tag)}\" is too long: name at most {MaxTagNameLength} and value at most {MaxTagValueLength} characters";
        }

        for (var i = 0; i < colon; i++)
        {
            var c = tag[i];
            var ok = c is >= 'a' and <= 'z' || (i > 0 && (c is >= '0' and <= '9' or '_' or '.' or '-'));
            if (!ok)
            {
                return $"\"{Truncate(tag)}\" tag name must match ^[a-z][a-z0-9_.-]{{0,63}}$";
            }
        }

        for (var i = colon + 1; i < tag.Length; i++)
        {
            if (char.IsWhiteSpace(tag[i]) || char.IsControl(tag[i]))
            {
                return $"\"{Truncate(tag)}\" tag value must not contain whitespace or control characters";
            }
        }

        return HasUnpairedSurrogate(tag.AsSpan(colon + 1)) ? $"tag value {UnpairedSurrogate}" : null;
    }

    /// <summary>The longest catalog attribute key, in characters.</summary>
    public const int MaxAttributeKeyLength = 64;

    /// <summary>The longest catalog attribute value, in characters.</summary>
    public const int MaxAttributeValueLength = 1024;

    /// <summary>A catalog attribute key (and a Recommend filter key) is 1–64 characters of <c>[a-zA-Z0-9_.-]</c>.</summary>
    public static string? ValidateAttributeKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxAttributeKeyLength)
        {
            return $"key must be 1–{MaxAttributeKeyLength} characters of [a-zA-Z0-9_.-]";
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return $"key must be 1–{MaxAttributeKeyLength} characters of [a-zA-Z0-9_.-]";
            }
        }

        return null;
    }

    /// <summary>A catalog attribute value (and a Recommend filter value) is at most 1024 characters.</summary>
    public static string? ValidateAttributeValue(string? value) => value switch
    {
        null => "value must not be null",
        { Length: > MaxAttributeValueLength } => $"value must be at most {MaxAttributeValueLength} characters, not {value.Length}",
        _ when HasUnpairedSurrogate(value) => $"value {UnpairedSurrogate}",
        _ => null,
    };

    private static string Truncate(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
