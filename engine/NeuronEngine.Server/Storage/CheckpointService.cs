using Microsoft.Extensions.Options;
using NeuronEngine.Server.Hosting;

namespace NeuronEngine.Server.Storage;

/// <summary>Checkpoints the counters every <see cref="EngineOptions.CheckpointInterval"/>, so a restart replays little of the log.</summary>
internal sealed partial class CheckpointService(
    EngineStorage storage,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CheckpointService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var started = time.GetTimestamp();
                    var info = await storage.CheckpointAsync(stoppingToken);
                    var milliseconds = (long)time.GetElapsedTime(started).TotalMilliseconds;
                    Log.CheckpointTaken(logger, info.Position.Offset, milliseconds);
                }
                catch (IOException ex)
                {
                    // A full or failing disk: keep serving from memory and the log, and try again next time.
                    Log.CheckpointFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.CheckpointLoopCrashed(logger, ex);
            lifetime.StopApplication();
        }
    }

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
