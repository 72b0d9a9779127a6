using Microsoft.Extensions.Logging;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Event log opened in {Directory}: {SegmentCount} segment(s), end at log position {EndPosition}, durability {Durability}", EventName = "EventLogOpened")]
        public static partial void Opened(ILogger logger, string directory, int segmentCount, long endPosition, string durability);

        [LoggerMessage(2, LogLevel.Warning, "Cut a torn tail of {Bytes} bytes ({Groups} record group(s) or more) from event log segment {Segment} at byte offset {Offset} (log position {Position}): writes past log position {SyncedThrough}, the last known fsynced, that a crash or power loss left unfinished, and every group after them: {Problem}", EventName = "EventLogTornTailCut")]
        public static partial void TornTailCut(ILogger logger, long bytes, int groups, string segment, long offset, long position, long syncedThrough, string problem);

        [LoggerMessage(3, LogLevel.Error, "Repair: truncated event log segment {Segment} at byte offset {Offset} (log position {Position}), cutting {Bytes} bytes: {Problem}", EventName = "EventLogRepairTruncated")]
        public static partial void RepairTruncated(ILogger logger, string segment, long offset, long position, long bytes, string problem);

        [LoggerMessage(4, LogLevel.Error, "Repair: deleted event log segment {Segment} ({Bytes} bytes), which followed the corruption", EventName = "EventLogRepairDeletedSegment")]
        public static partial void RepairDeletedSegment(ILogger logger, string segment, long bytes);

        [LoggerMessage(5, LogLevel.Warning, "Deleted event log segment {Segment}: its {Bytes} bytes hold no segment header and no record (a crash or power loss while creating it)", EventName = "EventLogUnfinishedSegmentDeleted")]
        public static partial void UnfinishedSegmentDeleted(ILogger logger, string segment, long bytes);

        [LoggerMessage(6, LogLevel.Information, "Event log rolled to segment {Segment} at log position {Position}", EventName = "EventLogSegmentRolled")]
        public static partial void SegmentRolled(ILogger logger, string segment, long position);

        [LoggerMessage(7, LogLevel.Error, "Event log could not roll to a new segment at log position {Position}; it keeps writing to the current one and retries after the next group", EventName = "EventLogRollFailed")]
        public static partial void RollFailed(ILogger logger, Exception exception, long position);

        [LoggerMessage(8, LogLevel.Error, "Event log write of a group of {Count} append(s) at log position {Position} failed; the group was rolled back and its callers failed", EventName = "EventLogGroupFailed")]
        public static partial void GroupFailed(ILogger logger, Exception exception, int count, long position);

        [LoggerMessage(9, LogLevel.Critical, "Event log could not roll a failed write back to log position {Position}; the writer stopped and refuses appends until the engine restarts (recovery then cuts the torn tail)", EventName = "EventLogRollbackFailed")]
        public static partial void RollbackFailed(ILogger logger, Exception exception, long position);

        [LoggerMessage(10, LogLevel.Critical, "Event log fsync failed: nothing written since the last good fsync is acknowledged and fsync is not retried; the writer stopped and refuses appends until the engine restarts (recovery then reads what the disk holds)", EventName = "EventLogSyncFailed")]
        public static partial void SyncFailed(ILogger logger, Exception exception);

        [LoggerMessage(11, LogLevel.Error, "Event log sequencer hook Admit threw; only that append failed, and nothing of it was written", EventName = "EventLogAdmitFailed")]
        public static partial void AdmitFailed(ILogger logger, Exception exception);

        [LoggerMessage(12, LogLevel.Critical, "Event log writer loop failed unexpectedly; the writer stopped and refuses appends until the engine restarts", EventName = "EventLogLoopFailed")]
        public static partial void LoopFailed(ILogger logger, Exception exception);

        [LoggerMessage(13, LogLevel.Critical, "Event log sequencer hook {Hook} threw at log position {Position}: the state kept beside the log no longer agrees with it, so the writer stopped and refuses appends until the engine restarts (which rebuilds that state from the log)", EventName = "EventLogSequencerHookFailed")]
        public static partial void SequencerHookFailed(ILogger logger, Exception exception, string hook, long position);

        [LoggerMessage(14, LogLevel.Warning, "Event log could not write the group header that records its last fsync at log position {Position}; the next group's header records it instead", EventName = "EventLogWitnessFailed")]
        public static partial void WitnessFailed(ILogger logger, Exception exception, long position);
    }
}
