namespace NeuronEngine.Server.Console;

/// <summary>
/// Keeps the console and the gRPC services apart: on the console port only console routes answer, and console routes
/// answer only there; anything else is 404. Decided by the port the connection came in on, never by the Host header
/// (a request naming the console's port in its <c>:authority</c> on the gRPC port is still a gRPC-port request).
/// </summary>
/// <remarks>Runs after routing (it reads the endpoint) and before the gRPC authentication, so a gRPC call on the console port is never authenticated or read.</remarks>
internal sealed class ConsolePortFilter(RequestDelegate next, int port)
{
    public Task InvokeAsync(HttpContext context)
    {
        var consoleRoute = context.GetEndpoint()?.Metadata.GetMetadata<ConsoleEndpoint>() is not null;
        var consolePort = context.Connection.LocalPort == port;
        if (consoleRoute == consolePort)
        {
            // A console request's body is a page's form: capped before anti-forgery reads it (the dataset upload raises
            // its own limit, as it streams).
            if (consoleRoute && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = ConsoleGate.MaxFormBytes;
            }

            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
