using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NeuronEngine.Server.Console.Forms;

/// <summary>
/// One-use tokens for forms whose answer must not be repeated: the key creation form carries one, and a second POST of
/// the same token (the browser reloading the page that showed a new key's secret) creates nothing and shows nothing.
/// Holds only the tokens used in the last day (at most <see cref="MaxHeld"/>), in memory; not secrets.
/// </summary>
internal sealed class FormOnce(TimeProvider time)
{
    public const int MaxHeld = 10_000;
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new(StringComparer.Ordinal);

    /// <summary>A fresh token for a form to carry.</summary>
    public static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="token"/> has the shape <see cref="NewToken"/> gives.</summary>
    public static bool IsWellFormed(string? token) => token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>True when <paramref name="token"/> was already used (<see cref="Use"/>).</summary>
    public bool WasUsed(string token) => used.ContainsKey(token);

    /// <summary>Marks <paramref name="token"/> used; false when it already was (a concurrent POST of the same form).</summary>
    public bool Use(string token)
    {
        var now = time.GetUtcNow();
        if (used.Count >= MaxHeld)
        {
            foreach (var (key, at) in used)
            {
                if (now - at > Kept)
                {
                    used.TryRemove(key, out _);
                }
            }

            while (used.Count >= MaxHeld && used.MinBy(p => p.Value) is { Key: not null } oldest)
            {
                used.TryRemove(oldest.Key, out _);
            }
        }

        return used.TryAdd(token, now);
    }
}
