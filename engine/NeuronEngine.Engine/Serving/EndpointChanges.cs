using System.Collections.Concurrent;

namespace NeuronEngine.Engine.Serving;

/// <summary>Wakes <c>WatchEndpoint</c> streams when an endpoint changes (promotion started, finished, failed).</summary>
internal sealed class EndpointChanges
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), TaskCompletionSource> signals = new();

    /// <summary>A task that completes at the endpoint's next change.</summary>
    public Task NextChange(string tenant, string endpoint) =>
        signals.GetOrAdd((tenant, endpoint), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Changed(string tenant, string endpoint)
    {
        if (signals.TryRemove((tenant, endpoint), out var signal))
        {
            signal.TrySetResult();
        }
    }
}
