using System.Diagnostics;
using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Server.Telemetry;

namespace NeuronEngine.Server.Security;

/// <summary>
/// Authenticates gRPC calls before their endpoint runs, so a caller without a valid key is refused before the engine
/// reads a byte of its request (gRPC reads a whole unary request, up to <c>Engine:MaxReceiveMessageBytes</c>, before
/// any interceptor sees the call). The refusal is a trailers-only UNAUTHENTICATED; roles and the tenant are checked
/// after, by <see cref="AuthInterceptor"/>.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, CallAuthentication authentication, GrpcMetrics metrics)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Not a gRPC method (an unknown one is answered UNIMPLEMENTED without reading its body, /metrics, …).
        if (CallAuthentication.Method(context) is not { } method)
        {
            return next(context);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            authentication.Authenticate(context, method);
        }
        catch (NeuronException ex) when (ex.Kind == ErrorKind.Unauthenticated)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(ex.Message);
            metrics.Record(method, StatusCode.Unauthenticated, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return Task.CompletedTask;
        }

        return next(context);
    }
}
