using Grpc.Core;

namespace NeuronEngine.Client;

/// <summary>A call the engine refused or could not complete: the gRPC status, the engine's message and the offending field.</summary>
public sealed class NeuronClientException : Exception
{
    /// <summary>The trailer in which the engine names the field a request broke.</summary>
    public const string FieldTrailer = "x-error-field";

    /// <summary>Creates one with <see cref="Grpc.Core.StatusCode.Unknown"/>.</summary>
    public NeuronClientException()
        : this(StatusCode.Unknown, "unknown error")
    {
    }

    /// <summary>Creates one with <see cref="Grpc.Core.StatusCode.Unknown"/> and a message.</summary>
    public NeuronClientException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>Creates one with <see cref="Grpc.Core.StatusCode.Unknown"/>, a message and its cause.</summary>
    public NeuronClientException(string message, Exception innerException)
        : this(StatusCode.Unknown, message, null, innerException)
    {
    }

    /// <summary>Creates one from its parts.</summary>
    public NeuronClientException(StatusCode statusCode, string detail, string? field = null, Exception? innerException = null)
        : base($"{statusCode}: {detail}", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        Field = field;
    }

    /// <summary>The gRPC status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The engine's message, for example <c>events[3].type: unknown event type "clik"</c>.</summary>
    public string Detail { get; }

    /// <summary>The field the request broke (from <c>x-error-field</c>), or null when the engine named none.</summary>
    public string? Field { get; }

    /// <summary>Whether retrying the same request later may succeed.</summary>
    public bool IsTransient => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal;

    internal static NeuronClientException From(RpcException exception) =>
        new(exception.StatusCode, exception.Status.Detail, exception.Trailers.GetValue(FieldTrailer), exception);
}
