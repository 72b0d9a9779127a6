using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Trainer.Devices;

namespace NeuronEngine.Trainer.Worker;

/// <summary>
/// The trainer's loop: lease the oldest queued run from the engine (long-polling), run it to its end, repeat. One run at
/// a time: a run uses every core it is given. An engine that is away is retried with back-off.
/// </summary>
internal sealed partial class TrainerWorker(
    EngineLink engine,
    RunExecution execution,
    IOptions<TrainerOptions> options,
    TrainerDevice device,
    ILogger<TrainerWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trainer = options.Value;
        Log.Ready(logger, trainer.Engine, trainer.ResolvedTrainerId, trainer.ResolvedThreads, device.Reason);
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var answer = await engine.Client.LeaseRunAsync(
                    new LeaseRunRequest { TrainerId = trainer.ResolvedTrainerId, WaitMs = (int)trainer.LeaseWait.TotalMilliseconds },
                    engine.Headers,
                    deadline: DateTime.UtcNow + trainer.LeaseWait + TimeSpan.FromSeconds(10),
                    cancellationToken: stoppingToken);
                backoff = TimeSpan.FromMilliseconds(250);
                if (answer.Lease is { } lease)
                {
                    Log.Leased(logger, lease.Run.RunId, lease.Tenant, lease.LeaseId);
                    using var session = new LeaseSession(engine, lease, trainer, logger);
                    await session.RunAsync(execution, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                if (ex is RpcException { StatusCode: StatusCode.PermissionDenied })
                {
                    engine.ResetToken();
                }

                Log.EngineAway(logger, trainer.Engine, ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "TrainerReady", Level = LogLevel.Information, Message = "Trainer ready: leasing runs from {Engine} as {TrainerId} with {Threads} threads, training on {Device}")]
        public static partial void Ready(ILogger logger, string engine, string trainerId, int threads, string device);

        [LoggerMessage(EventId = 2, EventName = "RunLeased", Level = LogLevel.Information, Message = "Leased run {RunId} of tenant {Tenant} (lease {LeaseId})")]
        public static partial void Leased(ILogger logger, string runId, string tenant, string leaseId);

        [LoggerMessage(EventId = 3, EventName = "EngineAway", Level = LogLevel.Warning, Message = "Cannot lease from {Engine} ({Reason}); retrying in {Seconds} s")]
        public static partial void EngineAway(ILogger logger, string engine, string reason, double seconds);
    }
}
