using NeuronEngine.Engine.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NeuronEngine.Engine.Serving;

namespace NeuronEngine.Server.Health;

/// <summary>
/// Healthy once the log and counters have recovered, every promoted version is loaded, and while the log takes
/// appends. The description says which of these is missing.
/// </summary>
internal sealed class ReadinessHealthCheck(EngineStorage storage, ServingStartup serving) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = true switch
        {
            _ when !storage.IsRecoveryFinished => HealthCheckResult.Unhealthy("recovering the event log and counters"),
            _ when !storage.IsReady => HealthCheckResult.Unhealthy("storage is stopped: recovery failed, the log stopped after a failure, or the engine is shutting down"),
            _ when !serving.IsLoaded => HealthCheckResult.Unhealthy("loading the promoted model versions"),
            _ => HealthCheckResult.Healthy(),
        };
        return Task.FromResult(result);
    }
}
