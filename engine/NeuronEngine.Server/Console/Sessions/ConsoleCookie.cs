namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// The session cookie: <c>neuron-console</c>, the session id only, <c>HttpOnly</c> (scripts never see it),
/// <c>SameSite=Strict</c> (no other site's page can make the browser send it), <c>Secure</c> when the console is served
/// over TLS (by the engine, or by a proxy at an https <c>Console:PublicOrigin</c>), <c>Path=/</c>, and no expiry (the
/// browser drops it when it closes; the engine ends idle sessions).
/// </summary>
internal static class ConsoleCookie
{
    public const string Name = "neuron-console";

    public static string? Read(HttpContext context) => context.Request.Cookies[Name];

    public static void Write(HttpContext context, string sessionId) =>
        context.Response.Cookies.Append(Name, sessionId, Options(context));

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    /// <summary>True when the browser reaches the console over TLS: the engine's own, or the proxy's at an https <c>Console:PublicOrigin</c>.</summary>
    public static bool IsSecure(HttpContext context) =>
        context.Request.IsHttps
        || context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>()?.Value.PublicOriginUri?.Scheme == Uri.UriSchemeHttps;

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = IsSecure(context),
        Path = "/",
        IsEssential = true,
    };
}
