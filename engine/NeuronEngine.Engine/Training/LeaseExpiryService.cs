using System.Data.Common;
using Microsoft.Extensions.Options;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Every <see cref="TrainingOptions.ExpiryInterval"/>, fails the running runs whose trainer let its lease run out (see
/// <see cref="IRunStore.ExpireLeases"/> for why they are not queued again) and wakes their watchers.
/// </summary>
internal sealed partial class LeaseExpiryService(
    IRunStore runs,
    RunChanges changes,
    RunDirectories directories,
    IOptions<TrainingOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    TrainingMetrics metrics,
    ILogger<LeaseExpiryService> logger) : PeriodicService(lifetime, time)
{
    protected override TimeSpan Interval => options.Value.ExpiryInterval;

    protected override Task RunOnceAsync(CancellationToken stoppingToken)
    {
        foreach (var run in runs.ExpireLeases())
        {
            Log.LeaseExpired(logger, run.RunId, run.Tenant, run.LeaseHolder ?? "unknown");
            directories.Delete(run.RunId);
            changes.Changed(run.RunId);
            metrics.Finished(run);
        }

        return Task.CompletedTask;
    }

    // A registry busy past its timeout: the leases are still expired at the next tick.
    protected override bool IsTransient(Exception exception)
    {
        if (exception is not DbException)
        {
            return false;
        }

        Log.ExpiryFailed(logger, exception);
        return true;
    }

    protected override void OnCrashed(Exception exception) => Log.ExpiryLoopCrashed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "RunLeaseExpired", Level = LogLevel.Warning, Message = "Run {RunId} of tenant {Tenant} FAILED: its trainer {Holder} stopped renewing its lease")]
        public static partial void LeaseExpired(ILogger logger, string runId, string tenant, string holder);

        [LoggerMessage(EventId = 2, EventName = "RunLeaseExpiryFailed", Level = LogLevel.Error, Message = "Looking for expired run leases failed; retrying at the next interval")]
        public static partial void ExpiryFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3, EventName = "RunLeaseExpiryCrashed", Level = LogLevel.Critical, Message = "The run lease expiry loop failed unexpectedly; stopping the engine")]
        public static partial void ExpiryLoopCrashed(ILogger logger, Exception exception);
    }
}
