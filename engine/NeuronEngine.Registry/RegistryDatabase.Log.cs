using Microsoft.Extensions.Logging;

namespace NeuronEngine.Registry;

public sealed partial class RegistryDatabase
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "RegistryOpened", Level = LogLevel.Information,
            Message = "Registry database {Path} open at schema version {Version} (found version {FoundVersion})")]
        public static partial void Opened(ILogger logger, string path, int version, int foundVersion);

        [LoggerMessage(EventId = 2, EventName = "RegistryMigrationApplied", Level = LogLevel.Information,
            Message = "Registry database {Path} migrated to schema version {Version}")]
        public static partial void MigrationApplied(ILogger logger, string path, int version);

        [LoggerMessage(EventId = 3, EventName = "RegistryNotWal", Level = LogLevel.Warning,
            Message = "Registry database {Path} could not switch to WAL journaling (mode is {Mode}); readers will block writers")]
        public static partial void NotWal(ILogger logger, string path, string mode);
    }
}
