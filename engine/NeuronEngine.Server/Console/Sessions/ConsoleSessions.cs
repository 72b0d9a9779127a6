using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// The console's sessions, in memory: a random 256-bit id in the browser's cookie, the key's secret here. A session
/// unused for <see cref="ConsoleOptions.SessionIdleTimeout"/> (the pages' own polling does not count as use), or older
/// than <see cref="ConsoleOptions.SessionMaxLifetime"/>, ends; an ended session is kept a few minutes so the sign-in page
/// can say why it ended, then forgotten. Sessions do not survive a restart of the engine.
/// </summary>
/// <remarks>
/// Thread-safe. Sessions are found by a SHA-256 of their id, so a lookup's timing says nothing about stored ids. One key
/// holds at most <see cref="ConsoleOptions.MaxSessionsPerKey"/> live sessions: signing in again past it forgets that
/// key's least recently used one. At most <see cref="ConsoleOptions.MaxSessions"/> are held in all: past it, ended
/// sessions are forgotten first, then the least recently used session of the tenant holding the most — one tenant
/// signing in over and over only ever pushes out its own sessions.
/// </remarks>
internal sealed class ConsoleSessions(IOptions<ConsoleOptions> options, TimeProvider time)
{
    /// <summary>How long an ended session is kept to explain itself on the sign-in page.</summary>
    public static readonly TimeSpan EndedKept = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, ConsoleSession> sessions = new(StringComparer.Ordinal);
    private readonly TimeSpan idle = options.Value.SessionIdleTimeout;
    private readonly TimeSpan lifetime = options.Value.SessionMaxLifetime;
    private readonly int max = options.Value.MaxSessions;
    private readonly int maxPerKey = options.Value.MaxSessionsPerKey;
    private readonly Lock creating = new();

    /// <summary>
    /// Starts a session for <paramref name="secret"/> (null: a loopback operator) of the key's tenant
    /// <paramref name="owner"/> and returns its id for the cookie.
    /// </summary>
    public string Create(string? secret, string? tenant, string owner)
    {
        var now = time.GetUtcNow();
        lock (creating)
        {
            Sweep(now);
            var ownLive = sessions.Where(p => p.Value.EndedBecause is null && string.Equals(p.Value.Secret, secret, StringComparison.Ordinal))
                .OrderBy(p => p.Value.LastSeen).ToList();
            foreach (var (key, _) in ownLive.Take(Math.Max(0, ownLive.Count - maxPerKey + 1)))
            {
                sessions.TryRemove(key, out _);
            }

            while (sessions.Count >= max && MakeWay() is { } key)
            {
                sessions.TryRemove(key, out _);
            }

            var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            sessions[Hash(id)] = new ConsoleSession(secret, tenant, now, owner);
            return id;
        }
    }

    /// <summary>
    /// The session to forget when the console is full: the least recently used ended one, else the least recently used of
    /// the tenant holding the most — so one tenant signing in over and over only ever pushes out its own sessions.
    /// </summary>
    private string? MakeWay()
    {
        var ended = sessions.Where(p => p.Value.EndedBecause is not null).OrderBy(p => p.Value.LastSeen).Select(p => p.Key).FirstOrDefault();
        return ended ?? sessions.GroupBy(p => p.Value.Owner, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .FirstOrDefault()?
            .OrderBy(p => p.Value.LastSeen)
            .Select(p => p.Key)
            .FirstOrDefault();
    }

    /// <summary>
    /// The session the cookie names, live or ended, or null when there is none (never was, forgotten, malformed). A live
    /// session idle too long, or older than its lifetime, is ended here; otherwise, when <paramref name="use"/> (a page, a
    /// form: not the pages' own polling), it is marked used.
    /// </summary>
    public ConsoleSession? Find(string? id, bool use = true)
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
            else if (now.UtcTicks - session.Created > lifetime.Ticks)
            {
                session.End($"sessions last at most {Describe(lifetime)}");
            }
            else if (use)
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
            var live = session.EndedBecause is null;
            if (live ? age > idle.Ticks + EndedKept.Ticks || now.UtcTicks - session.Created > lifetime.Ticks + EndedKept.Ticks : age > EndedKept.Ticks)
            {
                sessions.TryRemove(key, out _);
            }
        }
    }

    private static string Hash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Describe(TimeSpan span) => span.TotalMinutes % 60 == 0
        ? span.TotalHours % 24 == 0 && span.TotalHours > 24
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalDays:0} days")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalHours:0} h")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");
}
