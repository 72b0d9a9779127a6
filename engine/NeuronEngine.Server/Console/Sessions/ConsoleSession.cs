namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// One browser's sign-in, held in the engine's memory: the API key's secret it signed in with (never sent back to the
/// browser), or none for a loopback operator's session, and the tenant it works in.
/// </summary>
/// <remarks>Thread-safe: a browser may send requests in parallel. The secret never changes; the tenant and times do.</remarks>
internal sealed class ConsoleSession
{
    private string? tenant;
    private long lastSeen;
    private string? ended;

    public ConsoleSession(string? secret, string? tenant, DateTimeOffset now, string owner)
    {
        Secret = secret;
        Owner = owner;
        this.tenant = tenant;
        lastSeen = now.UtcTicks;
        Created = now.UtcTicks;
    }

    /// <summary>Whose it is when the console is full: the key's own tenant (sessions of one tenant make way for others first).</summary>
    public string Owner { get; }

    /// <summary>When it was signed in (UTC ticks).</summary>
    public long Created { get; }

    /// <summary>The API key's secret, re-authenticated on every request; null for a loopback operator's session.</summary>
    public string? Secret { get; }

    /// <summary>The tenant chosen in the tenant switcher, or null for the key's own.</summary>
    public string? Tenant
    {
        get => Volatile.Read(ref tenant);
        set => Volatile.Write(ref tenant, value);
    }

    /// <summary>When the browser last used it (UTC ticks).</summary>
    public long LastSeen => Volatile.Read(ref lastSeen);

    /// <summary>Why it ended (its key was revoked, it was idle too long), or null while it is live.</summary>
    public string? EndedBecause => Volatile.Read(ref ended);

    public void Touch(DateTimeOffset now) => Volatile.Write(ref lastSeen, now.UtcTicks);

    public void End(string reason) => Interlocked.CompareExchange(ref ended, reason, null);
}
