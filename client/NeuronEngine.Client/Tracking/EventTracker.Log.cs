using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace NeuronEngine.Client.Tracking;

/// <summary>The tracker's log messages.</summary>
public sealed partial class EventTracker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "TrackRetrying", Level = LogLevel.Warning,
            Message = "Sending {Count} events failed on attempt {Attempt} with {Status} ({Detail}); retrying in {Backoff}")]
        public static partial void Retrying(ILogger logger, int count, int attempt, StatusCode status, TimeSpan backoff, string detail);

        [LoggerMessage(EventId = 2, EventName = "TrackGaveUp", Level = LogLevel.Error,
            Message = "Gave up on {Count} events after {Attempts} attempts: {Status} ({Detail})")]
        public static partial void GaveUp(ILogger logger, int count, int attempts, StatusCode status, string detail);

        [LoggerMessage(EventId = 5, EventName = "TrackRefused", Level = LogLevel.Error,
            Message = "The engine refused {Count} events, not retried: {Status} ({Detail})")]
        public static partial void Refused(ILogger logger, int count, StatusCode status, string detail);

        [LoggerMessage(EventId = 6, EventName = "TrackGivenUpAtClose", Level = LogLevel.Error,
            Message = "Gave up on {Count} events after {Attempts} attempts when the tracker was disposed (TrackerCloseTimeout {Timeout}): {Detail}")]
        public static partial void GivenUpAtClose(ILogger logger, int count, int attempts, TimeSpan timeout, string detail);

        [LoggerMessage(EventId = 3, EventName = "TrackHandlerFailed", Level = LogLevel.Error, Message = "A BatchFailed handler threw")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4, EventName = "TrackLoopFailed", Level = LogLevel.Critical, Message = "The event tracker's loop stopped")]
        public static partial void LoopFailed(ILogger logger, Exception exception);
    }
}
