using Microsoft.Extensions.Logging;

namespace NeuronEngine.Trainer.Worker;

internal sealed partial class LeaseSession
{
    private static partial class SessionLog
    {
        [LoggerMessage(EventId = 20, EventName = "RunLine", Level = LogLevel.Information, Message = "run {RunId}: {Line}")]
        public static partial void RunLine(ILogger logger, string runId, string line);

        [LoggerMessage(EventId = 21, EventName = "RunCrashed", Level = LogLevel.Error, Message = "run {RunId} failed with an unexpected error")]
        public static partial void Crashed(ILogger logger, Exception exception, string runId);

        [LoggerMessage(EventId = 22, EventName = "LeaseLost", Level = LogLevel.Warning, Message = "run {RunId}: the lease is no longer held (expired, or stopped by the engine); abandoned without reporting")]
        public static partial void LeaseLost(ILogger logger, string runId);

        [LoggerMessage(EventId = 23, EventName = "HeartbeatFailed", Level = LogLevel.Warning, Message = "run {RunId}: heartbeat failed ({Detail}); retrying")]
        public static partial void HeartbeatFailed(ILogger logger, string runId, string detail);

        [LoggerMessage(EventId = 24, EventName = "RunCompleted", Level = LogLevel.Information, Message = "run {RunId} ended {Status}{Version} {Error}")]
        public static partial void Completed(ILogger logger, string runId, NeuronEngine.Contracts.V1.RunStatus status, string version, string error);

        [LoggerMessage(EventId = 25, EventName = "CompleteFailed", Level = LogLevel.Error, Message = "run {RunId}: the engine refused the completion: {Code} {Detail}")]
        public static partial void CompleteFailed(ILogger logger, string runId, Grpc.Core.StatusCode code, string detail);

        [LoggerMessage(EventId = 26, EventName = "CleanupFailed", Level = LogLevel.Warning, Message = "run {RunId}: its work folder could not be deleted ({Reason}); the engine deletes it at its next start")]
        public static partial void CleanupFailed(ILogger logger, string runId, string reason);

        [LoggerMessage(EventId = 27, EventName = "ReportRefused", Level = LogLevel.Warning, Message = "run {RunId}: the engine refused {What} as invalid ({Detail}); dropped")]
        public static partial void ReportRefused(ILogger logger, string runId, string what, string detail);
    }
}
