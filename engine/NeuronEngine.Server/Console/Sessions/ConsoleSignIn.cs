using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Server.Security;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// Signing in, out and who a request is: the one place the console decides it. A session's key is authenticated again
/// with the engine's <see cref="KeyAuthenticator"/> on every request, so a revoked key's next request ends its session
/// with the engine's reason. In <c>--auth loopback</c> a browser on 127.0.0.1 or ::1 (the addresses the gRPC path trusts,
/// <see cref="CallAuthentication.IsTrustedLoopback"/>) without a session is the operator.
/// </summary>
internal sealed class ConsoleSignIn(ConsoleSessions sessions, KeyAuthenticator keys, IOptions<AuthOptions> auth, IOptions<ConsoleOptions> console)
{
    private readonly bool loopbackMode = auth.Value.Mode == AuthMode.Loopback;
    private readonly HashSet<string> allowedHosts = new(console.Value.AllowedHostNames, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when this request may act as the loopback operator without a key: <c>--auth loopback</c>, a connection from
    /// 127.0.0.1 or ::1, a <c>Host</c> that names this machine (<see cref="IsLoopbackHost"/>) — a browser sent here
    /// by another site's name re-resolved to 127.0.0.1 (DNS rebinding) carries that site's name and must sign in — and
    /// no sign of a proxy in between (<see cref="IsForwarded"/>).
    /// </summary>
    public bool IsLoopbackOperator(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return loopbackMode && CallAuthentication.IsTrustedLoopback(context.Connection.RemoteIpAddress)
            && IsLoopbackHost(context.Request.Host.Host, allowedHosts)
            && !IsForwarded(context.Request);
    }

    /// <summary>
    /// True when a proxy on this machine passed the request on (it says so in <c>Forwarded</c>, <c>X-Forwarded-*</c> or
    /// <c>X-Real-IP</c>): the browser is wherever the proxy's client is, so it is not the loopback operator.
    /// </summary>
    internal static bool IsForwarded(HttpRequest request) =>
        request.Headers.ContainsKey("Forwarded") || request.Headers.ContainsKey("X-Forwarded-For")
        || request.Headers.ContainsKey("X-Forwarded-Host") || request.Headers.ContainsKey("X-Forwarded-Proto")
        || request.Headers.ContainsKey("X-Real-IP");

    /// <summary><c>localhost</c>, a loopback IP literal (<c>127.x.y.z</c>, <c>[::1]</c>), or one of <paramref name="allowed"/>.</summary>
    internal static bool IsLoopbackHost(string? host, IReadOnlySet<string> allowed)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || allowed.Contains(host))
        {
            return true;
        }

        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return Uri.CheckHostName(literal) is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && System.Net.IPAddress.TryParse(literal, out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    /// <summary>
    /// The request's user, or null when it has none: no session and not a loopback operator, or a session that has ended
    /// (now or before: <see cref="EndedSession"/> says why). <paramref name="use"/>: the request counts as using the
    /// session (a page or a form; the pages' polling does not).
    /// </summary>
    public ConsoleUser? FindUser(HttpContext context, bool use = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = ConsoleCookie.Read(context);
        var session = sessions.Find(id, use);
        if (session is null)
        {
            return IsLoopbackOperator(context) ? new ConsoleUser(Caller.LoopbackOperator, Caller.LoopbackOperator.Tenant, null, null) : null;
        }

        if (session.EndedBecause is not null)
        {
            // Even on loopback: whoever signed in with a key is told why that ended before going on.
            return null;
        }

        if (session.Secret is { } secret)
        {
            try
            {
                return Resolve(keys.Authenticate(secret), session, id);
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.Unauthenticated)
            {
                sessions.End(session, ex.Message);
                return null;
            }
        }

        if (IsLoopbackOperator(context))
        {
            return Resolve(Caller.LoopbackOperator, session, id);
        }

        sessions.End(session, "this browser is not on the engine's machine; sign in with an API key");
        return null;
    }

    /// <summary>The reason the cookie's session ended, or null when it names no ended session.</summary>
    public string? EndedSession(HttpContext context) => sessions.Find(ConsoleCookie.Read(context), use: false)?.EndedBecause;

    /// <summary>
    /// Signs in with <paramref name="secret"/>: authenticates it (Unauthenticated with the engine's message otherwise),
    /// ends the request's previous session, starts a new one (a new id, so an id seen before sign-in is worth nothing) and
    /// sets its cookie.
    /// </summary>
    public Caller SignIn(HttpContext context, string secret)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = keys.Authenticate(secret.AsSpan().Trim());
        sessions.Remove(ConsoleCookie.Read(context));
        ConsoleCookie.Write(context, sessions.Create(secret.Trim(), null, caller.Tenant));
        return caller;
    }

    /// <summary>Ends the request's session and deletes its cookie.</summary>
    public void SignOut(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        sessions.Remove(ConsoleCookie.Read(context));
        ConsoleCookie.Delete(context);
    }

    /// <summary>
    /// Makes <paramref name="tenant"/> the user's tenant (validated by <see cref="TenantResolver.Resolve"/>: InvalidArgument
    /// or PermissionDenied otherwise). A loopback operator without a session gets one to remember it.
    /// </summary>
    public void SwitchTenant(HttpContext context, ConsoleUser user, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        var chosen = TenantResolver.Resolve(user.Caller, string.IsNullOrWhiteSpace(tenant) ? null : tenant.Trim());
        if (user.Session is { } session)
        {
            session.Tenant = chosen;
            return;
        }

        ConsoleCookie.Write(context, sessions.Create(null, chosen, user.Caller.Tenant));
    }

    private static ConsoleUser Resolve(Caller caller, ConsoleSession session, string? id)
    {
        string tenant;
        try
        {
            tenant = TenantResolver.Resolve(caller, session.Tenant);
        }
        catch (NeuronException)
        {
            tenant = caller.Tenant;
        }

        return new ConsoleUser(caller, tenant, session, id);
    }
}
