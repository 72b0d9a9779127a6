using System.Diagnostics.CodeAnalysis;

namespace NeuronEngine.Core;

/// <summary>
/// The one exception type the engine's libraries throw for expected failures. It carries an
/// <see cref="ErrorKind"/> and, for validation failures, the field that broke a rule, so the
/// server can map it to a status code and a message such as <c>events[3].type: unknown event type "clik"</c>.
/// </summary>
public sealed class NeuronException : Exception
{
    public NeuronException(ErrorKind kind, string message, string? field = null, Exception? innerException = null)
        : base(field is null ? message : $"{field}: {message}", innerException)
    {
        Kind = kind;
        Field = field;
        Rule = message;
    }

    public NeuronException()
        : this(ErrorKind.Internal, "internal error")
    {
    }

    public NeuronException(string message)
        : this(ErrorKind.Internal, message)
    {
    }

    public NeuronException(string message, Exception innerException)
        : this(ErrorKind.Internal, message, null, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The offending field path (<c>events[3].type</c>), or null when no single field is at fault.</summary>
    public string? Field { get; }

    /// <summary>The rule that was broken, without the field prefix.</summary>
    public string Rule { get; }

    public static NeuronException InvalidArgument(string field, string rule) => new(ErrorKind.InvalidArgument, rule, field);

    public static NeuronException NotFound(string what) => new(ErrorKind.NotFound, what);

    public static NeuronException AlreadyExists(string what) => new(ErrorKind.AlreadyExists, what);

    public static NeuronException FailedPrecondition(string why) => new(ErrorKind.FailedPrecondition, why);

    public static NeuronException PermissionDenied(string field, string why) => new(ErrorKind.PermissionDenied, why, field);

    public static NeuronException Unavailable(string why) => new(ErrorKind.Unavailable, why);

    public static NeuronException ResourceExhausted(string why) => new(ErrorKind.ResourceExhausted, why);

    public static NeuronException Unauthenticated(string why) => new(ErrorKind.Unauthenticated, why);

    public static NeuronException DataLoss(string what, Exception? inner = null) => new(ErrorKind.DataLoss, what, null, inner);

    /// <summary>Throws an <see cref="ErrorKind.InvalidArgument"/> error; kept out of line so callers stay small.</summary>
    [DoesNotReturn]
    public static void ThrowInvalidArgument(string field, string rule) => throw InvalidArgument(field, rule);

    [DoesNotReturn]
    public static void ThrowNotFound(string what) => throw NotFound(what);

    [DoesNotReturn]
    public static void ThrowFailedPrecondition(string why) => throw FailedPrecondition(why);
}
