using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace NeuronEngine.Engine.Security;

/// <summary>
/// The shape of a key's secret, <c>nk_&lt;16 hex id&gt;_&lt;43 base64url characters&gt;</c> (256 random bits after the id),
/// and its stored form: SHA-256 over a 16-byte random salt then the secret's ASCII bytes.
/// </summary>
/// <remarks>
/// A fast hash is enough: the secret is 256 random bits, so there is nothing for a slow hash to protect against
/// guessing; the salt keeps equal secrets (there are none) and precomputed tables out. The id in the secret lets the
/// engine find the stored hash without a scan.
/// </remarks>
internal static class ApiKeySecret
{
    public const string Prefix = "nk_";
    public const int IdLength = 16;
    public const int RandomBytes = 32;
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    /// <summary>43: base64url of 32 bytes, unpadded.</summary>
    public static readonly int RandomLength = Base64Url.GetEncodedLength(RandomBytes);

    /// <summary>The whole secret's length: prefix, id, '_', random part.</summary>
    public static readonly int Length = Prefix.Length + IdLength + 1 + RandomLength;

    /// <summary>A fresh key id and secret.</summary>
    public static (string KeyId, string Secret) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        var secret = string.Concat(Prefix, keyId, "_", Base64Url.EncodeToString(random));
        CryptographicOperations.ZeroMemory(random);
        return (keyId, secret);
    }

    /// <summary>The key id inside a well-formed secret; false (and an empty id) for anything else.</summary>
    public static bool TryGetKeyId(ReadOnlySpan<char> secret, out ReadOnlySpan<char> keyId)
    {
        keyId = default;
        if (secret.Length != Length || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var id = secret.Slice(Prefix.Length, IdLength);
        foreach (var c in id)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        foreach (var c in secret[(Prefix.Length + IdLength + 1)..])
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        keyId = id;
        return true;
    }

    /// <summary>A fresh random salt.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>Writes SHA-256(salt ‖ ASCII(secret)) into <paramref name="destination"/> (32 bytes). No allocation.</summary>
    public static void Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<char> secret, Span<byte> destination)
    {
        // A well-formed secret is ASCII and 63 characters; the bound keeps a hostile header off the stack.
        Span<byte> input = stackalloc byte[SaltBytes + 128];
        var length = salt.Length + Encoding.ASCII.GetByteCount(secret);
        if (length > input.Length)
        {
            throw new ArgumentException("secret too long", nameof(secret));
        }

        salt.CopyTo(input);
        Encoding.ASCII.GetBytes(secret, input[salt.Length..]);
        SHA256.HashData(input[..length], destination);
        CryptographicOperations.ZeroMemory(input);
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="hash"/>; compares in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash, ReadOnlySpan<char> secret)
    {
        Span<byte> computed = stackalloc byte[HashBytes];
        Hash(salt, secret, computed);
        return CryptographicOperations.FixedTimeEquals(computed, hash);
    }
}
