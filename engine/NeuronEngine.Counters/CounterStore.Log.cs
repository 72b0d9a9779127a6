using Microsoft.Extensions.Logging;

namespace NeuronEngine.Counters;

public sealed partial class CounterStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "No counters checkpoint in {Directory}: starting empty, the event log will be replayed from the start", EventName = "NoCheckpoint")]
        public static partial void NoCheckpoint(ILogger logger, string directory);

        [LoggerMessage(2, LogLevel.Warning, "Counters checkpoint {Marker} is unreadable; trying an older one", EventName = "CheckpointUnreadable")]
        public static partial void CheckpointUnreadable(ILogger logger, string marker, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Recovered counters checkpoint {Token} (sequence {Sequence}) covering event log position {Position}", EventName = "Recovered")]
        public static partial void Recovered(ILogger logger, Guid token, long sequence, long position);

        [LoggerMessage(4, LogLevel.Warning, "No readable counters checkpoint in {Directory}: starting empty, the event log will be replayed from the start", EventName = "NoReadableCheckpoint")]
        public static partial void NoReadableCheckpoint(ILogger logger, string directory);

        [LoggerMessage(5, LogLevel.Information, "Counters checkpoint {Token} (sequence {Sequence}, {Kind}) covers event log position {Position}", EventName = "CheckpointTaken")]
        public static partial void CheckpointTaken(ILogger logger, Guid token, long sequence, long position, string kind);

        [LoggerMessage(6, LogLevel.Warning, "Could not delete old counters checkpoint {Token}", EventName = "CheckpointDeleteFailed")]
        public static partial void CheckpointDeleteFailed(ILogger logger, Guid token, Exception exception);
    }
}
