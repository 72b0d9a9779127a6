using Grpc.Core;
using NeuronEngine.Client.Tracking;

namespace NeuronEngine.Client;

/// <summary>
/// A call the engine refused or could not complete: the gRPC status, the engine's message and the offending field. From
/// <see cref="EventTracker.FlushAsync"/> and <see cref="EventTracker.DisposeAsync"/>, the batches the tracker lost
/// (<see cref="LostBatches"/>).
/// </summary>
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

    /// <summary>The tracker's report of lost batches: the first one's status, a summary, and the batches.</summary>
    internal NeuronClientException(StatusCode statusCode, string detail, IReadOnlyList<TrackFailedEventArgs> lostBatches, long lostEvents, Exception? innerException)
        : this(statusCode, detail, null, innerException)
    {
        LostBatches = lostBatches;
        LostEvents = lostEvents;
    }

    /// <summary>The gRPC status code; for a report of lost batches, the first lost batch's.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>
    /// The engine's message, for example <c>events[3].type: unknown event type "clik"</c>; for a report of lost batches, how
    /// many events were lost and, per status, how many batches and the first message.
    /// </summary>
    public string Detail { get; }

    /// <summary>The field the request broke (from <c>x-error-field</c>), or null when the engine named none.</summary>
    public string? Field { get; }

    /// <summary>
    /// The batches an <see cref="EventTracker"/> gave up on since it last reported, each with its events and why; empty for
    /// any other failure. When more events were lost than <see cref="NeuronClientOptions.TrackerMaxBuffered"/>, the
    /// first batches up to that many events (<see cref="LostEvents"/> counts them all).
    /// </summary>
    public IReadOnlyList<TrackFailedEventArgs> LostBatches { get; } = [];

    /// <summary>Events of the batches an <see cref="EventTracker"/> gave up on since it last reported; 0 for any other failure.</summary>
    public long LostEvents { get; }

    /// <summary>
    /// Whether retrying the same request later may succeed: <c>UNAVAILABLE</c>, <c>DEADLINE_EXCEEDED</c>, <c>INTERNAL</c>,
    /// and a <c>RESOURCE_EXHAUSTED</c> that waiting fixes (a rate limit, one backup or upload at a time: the engine's
    /// message then says to retry). A <c>RESOURCE_EXHAUSTED</c> for something the tenant holds (event types, tags per
    /// type, catalog items, keys) or a batch too large for the rate limit's burst stays until something changes: not
    /// transient.
    /// </summary>
    public bool IsTransient => StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal => true,
        StatusCode.ResourceExhausted => Detail.Contains("retry", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    internal static NeuronClientException From(RpcException exception) =>
        new(exception.StatusCode, exception.Status.Detail, exception.Trailers.GetValue(FieldTrailer), exception);
}
