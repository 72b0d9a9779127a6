using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NeuronEngine.Server.Storage;

/// <summary>Healthy once the log and counters have recovered and the log takes appends.</summary>
internal sealed class StorageHealthCheck(EngineStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(storage.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("storage is recovering or stopped"));
}
