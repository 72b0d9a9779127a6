using Microsoft.AspNetCore.Authorization;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Server.Console.Api;
using NeuronEngine.Server.Console.Sessions;

namespace NeuronEngine.Server.Console;

/// <summary>
/// Runs before every console route: sets the console's security headers, answers 503 while the engine is still
/// recovering, and leaves the request's <see cref="ConsoleUser"/> (<see cref="ConsoleSignIn.FindUser"/>) on its features.
/// A request without one is sent to the sign-in page (a JSON request gets 401), except on routes that allow anonymous
/// use (the sign-in page, the assets).
/// </summary>
internal sealed class ConsoleGate(RequestDelegate next, ConsoleSignIn signIn, EngineReadiness readiness, Microsoft.Extensions.Options.IOptions<ConsoleOptions> options)
{
    public const string SignInPath = "/console/signin";

    /// <summary>The hidden form field (<c>TenantField.razor</c>) naming the tenant a form was rendered for.</summary>
    public const string TenantField = "tenant";

    /// <summary>The largest body of a console request (every form but the dataset upload, which sets its own, is a few fields).</summary>
    public const long MaxFormBytes = 64 * 1024;

    /// <summary>Forms that are not about a tenant's data: signing in and out, and switching tenant.</summary>
    private static readonly HashSet<string> TenantlessForms = new(StringComparer.Ordinal) { "sign-in", "sign-out", "switch-tenant" };

    private readonly Uri? publicOrigin = options.Value.PublicOriginUri;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<ConsoleEndpoint>() is not { } route)
        {
            await next(context);
            return;
        }

        SecurityHeaders(context.Response, route.Kind);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !IsSameOrigin(context.Request, publicOrigin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Refused: this form was not sent from the console's own pages (its Origin is not this console's address).");
            return;
        }

        if (route.Kind == ConsoleEndpointKind.Public)
        {
            await next(context);
            return;
        }

        if (!readiness.IsReady)
        {
            await Starting(context, route.Kind);
            return;
        }

        if (signIn.FindUser(context, use: route.Kind == ConsoleEndpointKind.Page) is { } user)
        {
            context.Features.Set(user);
            if (await WrongTenant(context, user) is { } why)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(why);
                return;
            }
        }
        else if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            await SendToSignIn(context, route.Kind);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Why a form POST may not go on: it was rendered for another tenant than the session's now (switched in another
    /// tab), or it does not say which (every form but sign-in, sign-out and the tenant switcher carries
    /// <c>&lt;TenantField /&gt;</c>); null when it may. A form is at most <see cref="MaxFormBytes"/>
    /// (<see cref="ConsolePortFilter"/>), except the dataset upload, which is read as a stream and checks its tenant
    /// field itself with <see cref="TenantMismatch"/>.
    /// </summary>
    private static async Task<string?> WrongTenant(HttpContext context, ConsoleUser user)
    {
        // A form without a valid anti-forgery token is refused by the page (400); reading it here would throw.
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false }
            || !context.Request.HasFormContentType
            || context.Request.Path.StartsWithSegments(DatasetUpload.Path, StringComparison.Ordinal))
        {
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (TenantlessForms.Contains(form["_handler"].ToString()))
        {
            return null;
        }

        var tenant = form[TenantField];
        return TenantMismatch(tenant.Count == 1 ? tenant[0] : null, user);
    }

    /// <summary>The refusal for a form whose tenant field (<paramref name="formTenant"/>) is missing or not the session's tenant; null when it is.</summary>
    internal static string? TenantMismatch(string? formTenant, ConsoleUser user) =>
        string.IsNullOrEmpty(formTenant)
            ? "This form did not say which tenant it was for: reload the page and try again."
            : !string.Equals(formTenant, user.Tenant, StringComparison.Ordinal)
            ? $"This page was for tenant '{formTenant}'; you switched to '{user.Tenant}' since (in this or another tab). Nothing was changed: reload the page."
            : null;

    /// <summary>
    /// True when a state-changing request comes from a page of this console: its <c>Origin</c> is the request's own
    /// scheme://host:port, or <paramref name="publicOrigin"/> (<c>Console:PublicOrigin</c>, the address people use
    /// through a reverse proxy); without an Origin, the browser says <c>Sec-Fetch-Site: same-origin</c>; without either,
    /// the <c>Referer</c> is on this console. Anything else (another site, a rebound name, no evidence at all) is refused.
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request, Uri? publicOrigin = null)
    {
        if (!request.Host.HasValue)
        {
            return false;
        }

        var self = new UriBuilder(request.Scheme, request.Host.Host, request.Host.Port ?? -1).Uri;
        if (request.Headers.Origin is { Count: > 0 } origin)
        {
            return origin.Count == 1 && (SameOrigin(self, origin[0]) || (publicOrigin is not null && SameOrigin(publicOrigin, origin[0])));
        }

        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site)
        {
            return site.Count == 1 && string.Equals(site[0], "same-origin", StringComparison.Ordinal);
        }

        return request.Headers.Referer is { Count: 1 } referer
            && (SameOrigin(self, referer[0]) || (publicOrigin is not null && SameOrigin(publicOrigin, referer[0])));
    }

    private static bool SameOrigin(Uri self, string? other) =>
        Uri.TryCreate(other, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, self.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, self.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == self.Port;

    private static Task SendToSignIn(HttpContext context, ConsoleEndpointKind kind)
    {
        if (kind == ConsoleEndpointKind.Api)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsJsonAsync(new ConsoleApiError("not signed in: sign in again", SignInPath), ConsoleJsonContext.Default.ConsoleApiError);
        }

        // A page asked for with GET comes back after sign-in; a refused POST (303) is followed by a GET of the sign-in page.
        var back = context.Request.Path + context.Request.QueryString;
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = HttpMethods.IsGet(context.Request.Method)
            ? $"{SignInPath}?return={Uri.EscapeDataString(back)}"
            : SignInPath;
        return Task.CompletedTask;
    }

    private static Task Starting(HttpContext context, ConsoleEndpointKind kind)
    {
        const string Why = "The engine is starting: it is recovering the event log and counters and loading the promoted models.";
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        if (kind == ConsoleEndpointKind.Api)
        {
            return context.Response.WriteAsJsonAsync(new ConsoleApiError(Why, null), ConsoleJsonContext.Default.ConsoleApiError);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
            <title>Starting · NeuronEngine</title><link rel="stylesheet" href="/console/assets/app.css"></head>
            <body><main class="page"><h1>Starting…</h1><p>{Why} This page reloads by itself.</p></main></body></html>
            """);
    }

    /// <summary>No framing, no inline script or style, forms post only here, nothing sniffed, no referrer to other sites.</summary>
    private static void SecurityHeaders(HttpResponse response, ConsoleEndpointKind kind)
    {
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";

        // Pages and answers hold tenant data: never cached. The stylesheet and script may be, revalidated.
        response.Headers.CacheControl = kind == ConsoleEndpointKind.Public ? "no-cache" : "no-store";
    }
}
