using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Storage;

/// <summary>Checkpoints the counters every <see cref="EngineOptions.CheckpointInterval"/>, so a restart replays little of the log.</summary>
internal sealed partial class CheckpointService(
    EngineStorage storage,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    CheckpointMetrics metrics,
    ILogger<CheckpointService> logger) : PeriodicService(lifetime, time)
{
    protected override TimeSpan Interval => options.Value.CheckpointInterval;

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        // Still recovering (a long replay), or the log stopped and the engine is on its way down: nothing to checkpoint.
        if (!storage.IsReady)
        {
            return;
        }

        var started = Time.GetTimestamp();
        var info = await storage.CheckpointAsync(stoppingToken);
        var took = Time.GetElapsedTime(started);
        metrics.Taken(info.CreatedAt, took);
        var milliseconds = (long)took.TotalMilliseconds;
        Log.CheckpointTaken(logger, info.Position.Offset, milliseconds);
    }

    // A full or failing disk: keep serving from memory and the log, and try again next time.
    protected override bool IsTransient(Exception exception)
    {
        if (exception is not IOException)
        {
            return false;
        }

        Log.CheckpointFailed(logger, exception);
        metrics.Failed();
        return true;
    }

    protected override void OnCrashed(Exception exception) => Log.CheckpointLoopCrashed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "CheckpointTaken", Level = LogLevel.Information, Message = "Counters checkpointed at log position {Position} in {Milliseconds} ms (ingest waits meanwhile)")]
        public static partial void CheckpointTaken(ILogger logger, long position, long milliseconds);

        [LoggerMessage(EventId = 2, EventName = "CheckpointFailed", Level = LogLevel.Error, Message = "Counters checkpoint failed; retrying at the next interval")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3, EventName = "CheckpointLoopCrashed", Level = LogLevel.Critical, Message = "The checkpoint loop failed unexpectedly; stopping the engine")]
        public static partial void CheckpointLoopCrashed(ILogger logger, Exception exception);
    }
}
