using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// The console's sessions, in memory: a random 256-bit id in the browser's cookie, the key's secret here. A session
/// unused for <see cref="ConsoleOptions.SessionIdleTimeout"/> ends; an ended session is kept a few minutes so the
/// sign-in page can say why it ended, then forgotten. Sessions do not survive a restart of the engine.
/// </summary>
/// <remarks>
/// Thread-safe. Sessions are found by a SHA-256 of their id, so a lookup's timing says nothing about stored ids. At most
/// <see cref="ConsoleOptions.MaxSessions"/> are held: creating one past it drops the least recently used.
/// </remarks>
internal sealed class ConsoleSessions(IOptions<ConsoleOptions> options, TimeProvider time)
{
    /// <summary>How long an ended session is kept to explain itself on the sign-in page.</summary>
    public static readonly TimeSpan EndedKept = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, ConsoleSession> sessions = new(StringComparer.Ordinal);
    private readonly TimeSpan idle = options.Value.SessionIdleTimeout;
    private readonly int max = options.Value.MaxSessions;

    /// <summary>Starts a session for <paramref name="secret"/> (null: a loopback operator) and returns its id for the cookie.</summary>
    public string Create(string? secret, string? tenant)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        while (sessions.Count >= max && sessions.MinBy(p => p.Value.LastSeen) is { Key: not null } oldest)
        {
            sessions.TryRemove(oldest.Key, out _);
        }

        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        sessions[Hash(id)] = new ConsoleSession(secret, tenant, now);
        return id;
    }

    /// <summary>
    /// The session the cookie names, live or ended, or null when there is none (never was, forgotten, malformed). A live
    /// session idle too long is ended here; a live one is marked used.
    /// </summary>
    public ConsoleSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !sessions.TryGetValue(Hash(id), out var session))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (session.EndedBecause is null)
        {
            if (now.UtcTicks - session.LastSeen > idle.Ticks)
            {
                session.End($"the session was not used for {Describe(idle)}");
            }
            else
            {
                session.Touch(now);
            }
        }

        return session;
    }

    /// <summary>Ends the session (kept a while to say <paramref name="reason"/>).</summary>
    public void End(ConsoleSession session, string reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.End(reason);
        session.Touch(time.GetUtcNow());
    }

    /// <summary>Forgets the session the cookie names (sign-out, or its reason was shown).</summary>
    public void Remove(string? id)
    {
        if (!string.IsNullOrEmpty(id) && id.Length <= 64)
        {
            sessions.TryRemove(Hash(id), out _);
        }
    }

    /// <summary>Sessions held now (live and ended), for tests.</summary>
    public int Count => sessions.Count;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, session) in sessions)
        {
            var age = now.UtcTicks - session.LastSeen;
            if (session.EndedBecause is null ? age > idle.Ticks + EndedKept.Ticks : age > EndedKept.Ticks)
            {
                sessions.TryRemove(key, out _);
            }
        }
    }

    private static string Hash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Describe(TimeSpan span) => span.TotalMinutes % 60 == 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalHours:0} h")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");
}
