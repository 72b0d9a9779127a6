using Microsoft.AspNetCore.Components;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Console.Components;

/// <summary>
/// The base of every console page: the request's <see cref="ConsoleUser"/>, a page-level message, the HTTP status the
/// page answers with, and redirects (post/redirect/get).
/// </summary>
/// <remarks>
/// Pages are rendered on the server for each request (static server-side rendering: no circuit, no WebSocket). A form
/// POST runs the page's <c>OnInitialized</c>, then the submitted form's handler, then renders: a handler either
/// redirects (<see cref="Redirect"/>) or leaves messages for the render.
/// </remarks>
public abstract partial class ConsolePage : ComponentBase
{
    /// <summary>The request; always set under static server-side rendering.</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    private protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILoggerFactory Loggers { get; set; } = default!;

    /// <summary>Who is using the console (<see cref="ConsoleGate"/> put it there, or the page allows anonymous use).</summary>
    private protected ConsoleUser User => HttpContext?.Features.Get<ConsoleUser>()
        ?? throw new InvalidOperationException("a console page was rendered without a signed-in user");

    /// <summary>A message for the whole page (a refusal, an error the engine gave), shown above its content.</summary>
    private protected string? Banner { get; set; }

    /// <summary>Redirects the browser to <paramref name="url"/> (after a successful POST: the page it should see next).</summary>
    /// <remarks>Under server-side rendering this ends the request; return right after calling it.</remarks>
    private protected void Redirect(string url) => Navigation.NavigateTo(url);

    /// <summary>
    /// Answers with <paramref name="status"/> and <paramref name="message"/> at the top of the page. A 404 is answered by
    /// <see cref="Pages.NotFoundPage"/> instead (static rendering stops a page that answers 404), with the message.
    /// </summary>
    private protected void Fail(int status, string message)
    {
        if (status == StatusCodes.Status404NotFound && HttpContext is { } context)
        {
            context.Items[Pages.NotFoundPage.MessageKey] = message;
            Navigation.NotFound();
            return;
        }

        SetStatus(status);
        Banner ??= message;
    }

    /// <summary>
    /// Answers with the engine's refusal: its status (<see cref="StatusFor"/>) and message — for an internal error only
    /// "internal error", as the API says, with the details in the engine's log.
    /// </summary>
    private protected void Fail(NeuronException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Fail(StatusFor(error), PublicMessage(error, Loggers, HttpContext?.Request.Path.Value));
    }

    /// <summary>Places the engine's refusal of a form in <paramref name="errors"/> (<see cref="Forms.FormErrors.Add"/>), as <see cref="PublicMessage"/> words it.</summary>
    private protected void Place(Forms.FormErrors errors, NeuronException error, Func<string, string?> inputFor)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(error);
        errors.Add(error.Field, PublicMessage(error, Loggers, HttpContext?.Request.Path.Value), inputFor);
    }

    /// <summary>
    /// What the console shows of an engine error (<see cref="Errors.ErrorMapping.PublicMessage"/>: "internal error" for an
    /// internal one); an internal error is logged with its details and the path it happened on. Pages and the console's
    /// JSON API alike.
    /// </summary>
    internal static string PublicMessage(NeuronException error, ILoggerFactory loggers, string? path)
    {
        var message = Errors.ErrorMapping.PublicMessage(error);
        if (message != error.Message)
        {
            PageFailed(loggers.CreateLogger("NeuronEngine.Console"), error, path);
        }

        return message;
    }

    /// <summary>
    /// When the user may not make <paramref name="method"/>: answers 403 with the reason (as the API would refuse) and
    /// returns true. The server checks this on every action, whatever the page showed.
    /// </summary>
    private protected bool Refused(string method)
    {
        try
        {
            User.Require(method);
            return false;
        }
        catch (NeuronException ex)
        {
            Fail(StatusCodes.Status403Forbidden, ex.Message);
            return true;
        }
    }

    /// <summary>The HTTP status for an engine error: what a browser, a proxy log and the tests can tell apart.</summary>
    internal static int StatusFor(NeuronException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            ErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.AlreadyExists or ErrorKind.FailedPrecondition => StatusCodes.Status409Conflict,
            ErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
            ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            ErrorKind.ResourceExhausted => StatusCodes.Status429TooManyRequests,
            ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };
    }

    private protected void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = status;
        }
    }

    /// <summary>A link back to the current page's path with its query string, for forms that return where they were.</summary>
    private protected string CurrentPath()
    {
        var uri = new Uri(Navigation.Uri);
        return uri.PathAndQuery;
    }

    [LoggerMessage(EventId = 1, EventName = "ConsolePageFailed", Level = LogLevel.Error, Message = "A console page failed with an internal error: {Path}")]
    private static partial void PageFailed(ILogger logger, Exception error, string? path);
}
