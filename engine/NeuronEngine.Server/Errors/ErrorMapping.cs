using Grpc.Core;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Errors;

/// <summary>The one table from <see cref="ErrorKind"/> to gRPC status.</summary>
internal static class ErrorMapping
{
    /// <summary>Trailer naming the offending field, for clients that want it without parsing the message.</summary>
    public const string FieldTrailer = "x-error-field";

    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.DataLoss => StatusCode.DataLoss,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        _ => StatusCode.Internal,
    };

    /// <summary>What a caller is told: the engine's message, except for an internal error, whose details stay in the log.</summary>
    public static string PublicMessage(NeuronException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ToStatusCode(exception.Kind) == StatusCode.Internal ? "internal error" : exception.Message;
    }

    public static RpcException ToRpcException(NeuronException exception)
    {
        var code = ToStatusCode(exception.Kind);
        var message = PublicMessage(exception);
        var trailers = new Metadata();
        if (exception.Field is not null)
        {
            trailers.Add(FieldTrailer, exception.Field);
        }

        return new RpcException(new Status(code, message), trailers);
    }
}
