using Microsoft.Extensions.Logging;

namespace NeuronEngine.Trainer.Runs;

internal sealed partial class RunExecutor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "RunStarted", Level = LogLevel.Information, Message = "Run {RunId}: training {Recipe} on {Users} users and {Items} items")]
        public static partial void RunStarted(ILogger logger, string runId, string recipe, int users, int items);

        [LoggerMessage(EventId = 2, EventName = "EpochFinished", Level = LogLevel.Information, Message = "Run {RunId}: epoch {Epoch}, loss {Loss}, primary metric {Primary}")]
        public static partial void EpochFinished(ILogger logger, string runId, int epoch, double loss, double primary);

        [LoggerMessage(EventId = 3, EventName = "EarlyStopped", Level = LogLevel.Information, Message = "Run {RunId}: stopped early after epoch {Epoch}; best epoch {Best}")]
        public static partial void EarlyStopped(ILogger logger, string runId, int epoch, int best);

        [LoggerMessage(EventId = 4, EventName = "GateFailed", Level = LogLevel.Warning, Message = "Run {RunId}: gate {Gate} failed with {Value} against {MinValue}; recorded for approval")]
        public static partial void GateFailed(ILogger logger, string runId, string gate, double value, double minValue);

        [LoggerMessage(EventId = 5, EventName = "Exported", Level = LogLevel.Information, Message = "Run {RunId}: artifact {Directory} passed the export check on {Users} users")]
        public static partial void Exported(ILogger logger, string runId, string directory, int users);
    }
}
